package dev.fieldops.telemetry.adapter.postgres;

import static dev.fieldops.telemetry.adapter.postgres.JsonColumn.required;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.evaluation.DeviceEvaluatorSnapshot;
import dev.fieldops.telemetry.domain.evaluation.RuleStateSnapshot;
import dev.fieldops.telemetry.domain.evaluation.RuleStateSnapshot.NoDataState;
import dev.fieldops.telemetry.domain.evaluation.RuleStateSnapshot.RateOfChangeState;
import dev.fieldops.telemetry.domain.evaluation.RuleStateSnapshot.SustainedState;
import dev.fieldops.telemetry.domain.evaluation.RuleStateSnapshot.ThresholdState;
import dev.fieldops.telemetry.domain.evaluation.RuleStateSnapshot.WindowPoint;
import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.UUID;
import org.jooq.JSONB;

/**
 * A device's evaluation state as the {@code device_evaluation.snapshot} document. Instants are
 * microseconds since the epoch (the precision the snapshot promises), window points are {@code
 * [micros, value]} pairs. {@code "v"} is the layout version: a state of another layout is ignored
 * on load (the evaluator is rebuilt from the stored readings instead).
 */
final class SnapshotJson {

  static final int LAYOUT = 1;

  /** What is read first, whatever the rest of the document looks like. */
  private record Layout(Integer v) {}

  private record Document(
      Integer v,
      Instant watchingSince,
      Map<String, Instant> lastEvaluated,
      Double lastReportedTemperature,
      List<Rule> rules) {}

  /** One rule's state; each kind uses its own fields, the others are absent. */
  private record Rule(
      String ruleId,
      Long ruleVersion,
      Boolean breached,
      Boolean escalated,
      String kind,
      Instant beyondSince,
      List<WindowPoint> maxCandidates,
      List<WindowPoint> minCandidates,
      Instant lastSeen) {}

  private SnapshotJson() {}

  static JSONB write(DeviceEvaluatorSnapshot snapshot) {
    var lastEvaluated = new TreeMap<String, Instant>();
    snapshot.lastEvaluated().forEach((metric, time) -> lastEvaluated.put(metric.name(), time));
    var temperature = snapshot.lastReportedTemperature();
    return JsonColumn.write(
        new Document(
            LAYOUT,
            snapshot.watchingSince(),
            lastEvaluated,
            temperature.isPresent() ? temperature.getAsDouble() : null,
            snapshot.rules().stream().map(SnapshotJson::rule).toList()));
  }

  /** The snapshot, or null when the document has another layout. */
  static DeviceEvaluatorSnapshot read(DeviceId device, JSONB stored) {
    var layout = JsonColumn.read(stored, Layout.class).v();
    if (layout == null || layout != LAYOUT) {
      return null;
    }
    var json = JsonColumn.read(stored, Document.class);
    var lastEvaluated = new EnumMap<Metric, Instant>(Metric.class);
    required(json.lastEvaluated(), "lastEvaluated")
        .forEach((metric, time) -> lastEvaluated.put(Metric.valueOf(metric), time));
    var temperature = json.lastReportedTemperature();
    return new DeviceEvaluatorSnapshot(
        device,
        required(json.watchingSince(), "watchingSince"),
        lastEvaluated,
        temperature == null ? OptionalDouble.empty() : OptionalDouble.of(temperature),
        required(json.rules(), "rules").stream().map(SnapshotJson::rule).toList());
  }

  private static Rule rule(RuleStateSnapshot rule) {
    String id = rule.ruleId().toString();
    long version = rule.ruleVersion();
    boolean breached = rule.breached();
    boolean escalated = rule.escalated();
    return switch (rule) {
      case ThresholdState t ->
          new Rule(id, version, breached, escalated, "THRESHOLD", null, null, null, null);
      case SustainedState s ->
          new Rule(
              id,
              version,
              breached,
              escalated,
              "SUSTAINED",
              s.beyondSince().orElse(null),
              null,
              null,
              null);
      case RateOfChangeState r ->
          new Rule(
              id,
              version,
              breached,
              escalated,
              "RATE_OF_CHANGE",
              null,
              r.maxCandidates(),
              r.minCandidates(),
              null);
      case NoDataState n ->
          new Rule(id, version, breached, escalated, "NO_DATA", null, null, null, n.lastSeen());
    };
  }

  private static RuleStateSnapshot rule(Rule json) {
    var id = new AlertRuleId(UUID.fromString(required(json.ruleId(), "ruleId")));
    long version = required(json.ruleVersion(), "ruleVersion");
    boolean breached = required(json.breached(), "breached");
    boolean escalated = required(json.escalated(), "escalated");
    String kind = required(json.kind(), "kind");
    return switch (kind) {
      case "THRESHOLD" -> new ThresholdState(id, version, breached, escalated);
      case "SUSTAINED" ->
          new SustainedState(
              id, version, breached, escalated, Optional.ofNullable(json.beyondSince()));
      case "RATE_OF_CHANGE" ->
          new RateOfChangeState(
              id,
              version,
              breached,
              escalated,
              required(json.maxCandidates(), "maxCandidates"),
              required(json.minCandidates(), "minCandidates"));
      case "NO_DATA" ->
          new NoDataState(id, version, breached, escalated, required(json.lastSeen(), "lastSeen"));
      default -> throw new IllegalStateException("unknown rule state " + kind);
    };
  }
}
