package dev.fieldops.telemetry.adapter.postgres;

import com.google.protobuf.Value;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.OptionalDouble;
import java.util.UUID;
import org.jooq.JSONB;

/**
 * An evaluator checkpoint as the {@code evaluator_checkpoint.snapshot} document. Instants are
 * microseconds since the epoch (the precision the snapshot promises), window points are {@code
 * [micros, value]} pairs. {@code "v"} is the layout version: a checkpoint of another layout is
 * ignored on load (the evaluator is rebuilt by replay instead).
 */
final class SnapshotJson {

  static final int LAYOUT = 1;

  private SnapshotJson() {}

  static JSONB write(DeviceEvaluatorSnapshot snapshot) {
    var lastEvaluated = JsonDocument.create();
    snapshot
        .lastEvaluated()
        .forEach((metric, time) -> lastEvaluated.putMicros(metric.name(), time));
    var rules = new ArrayList<Value>();
    for (RuleStateSnapshot rule : snapshot.rules()) {
      rules.add(JsonDocument.document(rule(rule)));
    }
    return JsonDocument.create()
        .put("v", LAYOUT)
        .putMicros("watchingSince", snapshot.watchingSince())
        .put("lastEvaluated", lastEvaluated)
        .putIfPresent("lastReportedTemperature", snapshot.lastReportedTemperature())
        .putList("rules", rules)
        .toJsonb();
  }

  /** The snapshot, or null when the document has another layout. */
  static DeviceEvaluatorSnapshot read(DeviceId device, JSONB stored) {
    var json = JsonDocument.parse(stored);
    if (!json.has("v") || json.longNumber("v") != LAYOUT) {
      return null;
    }
    var lastEvaluated = new EnumMap<Metric, Instant>(Metric.class);
    var evaluated = json.document("lastEvaluated");
    for (String metric : evaluated.names()) {
      lastEvaluated.put(Metric.valueOf(metric), evaluated.instantMicros(metric));
    }
    var rules = new ArrayList<RuleStateSnapshot>();
    for (Value rule : json.list("rules")) {
      rules.add(rule(JsonDocument.of(rule.getStructValue())));
    }
    OptionalDouble temperature = json.optionalNumber("lastReportedTemperature");
    return new DeviceEvaluatorSnapshot(
        device, json.instantMicros("watchingSince"), lastEvaluated, temperature, rules);
  }

  private static JsonDocument rule(RuleStateSnapshot rule) {
    var json =
        JsonDocument.create()
            .put("ruleId", rule.ruleId().toString())
            .put("ruleVersion", rule.ruleVersion())
            .put("breached", rule.breached())
            .put("escalated", rule.escalated());
    switch (rule) {
      case ThresholdState t -> json.put("kind", "THRESHOLD");
      case SustainedState s -> {
        json.put("kind", "SUSTAINED");
        s.beyondSince().ifPresent(since -> json.putMicros("beyondSince", since));
      }
      case RateOfChangeState r ->
          json.put("kind", "RATE_OF_CHANGE")
              .putList("maxCandidates", points(r.maxCandidates()))
              .putList("minCandidates", points(r.minCandidates()));
      case NoDataState n -> json.put("kind", "NO_DATA").putMicros("lastSeen", n.lastSeen());
    }
    return json;
  }

  private static RuleStateSnapshot rule(JsonDocument json) {
    var id = new AlertRuleId(UUID.fromString(json.string("ruleId")));
    long version = json.longNumber("ruleVersion");
    boolean breached = json.bool("breached");
    boolean escalated = json.bool("escalated");
    return switch (json.string("kind")) {
      case "THRESHOLD" -> new ThresholdState(id, version, breached, escalated);
      case "SUSTAINED" ->
          new SustainedState(
              id, version, breached, escalated, json.optionalInstantMicros("beyondSince"));
      case "RATE_OF_CHANGE" ->
          new RateOfChangeState(
              id,
              version,
              breached,
              escalated,
              windowPoints(json.list("maxCandidates")),
              windowPoints(json.list("minCandidates")));
      case "NO_DATA" ->
          new NoDataState(id, version, breached, escalated, json.instantMicros("lastSeen"));
      default -> throw new IllegalStateException("unknown rule state " + json.string("kind"));
    };
  }

  private static List<Value> points(List<WindowPoint> points) {
    var values = new ArrayList<Value>(points.size());
    for (WindowPoint point : points) {
      values.add(
          Value.newBuilder()
              .setListValue(
                  com.google.protobuf.ListValue.newBuilder()
                      .addValues(JsonDocument.number(JsonDocument.micros(point.observeTime())))
                      .addValues(JsonDocument.number(point.value())))
              .build());
    }
    return values;
  }

  private static List<WindowPoint> windowPoints(List<Value> values) {
    var points = new ArrayList<WindowPoint>(values.size());
    for (Value value : values) {
      var pair = value.getListValue();
      if (pair.getValuesCount() != 2) {
        throw new IllegalStateException("a window point is [micros, value]");
      }
      long micros = JsonDocument.exactLong(pair.getValues(0).getNumberValue(), "observe time");
      points.add(
          new WindowPoint(
              Instant.EPOCH.plus(micros, ChronoUnit.MICROS), pair.getValues(1).getNumberValue()));
    }
    return points;
  }
}
