package dev.fieldops.telemetry.domain.evaluation;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.domain.reading.Reading;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;
import dev.fieldops.telemetry.domain.rule.Severity;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Evaluates one device's readings against its rules, in memory, in observe-time order.
 *
 * <p>Ordering: each call sorts its readings by observe time, so a batch may arrive in any order.
 * Across calls, a reading older than the last evaluated one of the same metric is <em>late</em> and
 * one with the same observe time a <em>duplicate</em>; both are counted and skipped (the store
 * keeps late readings; rules only ever see an ordered stream).
 *
 * <p>Rules are passed in with every call (from a cache); the evaluator keeps one state per enabled
 * rule, starts a rule's state over when the rule's version changes, and forgets the state of rules
 * no longer passed in. Temperature readings are also checked against the device's deadband for
 * report-by-exception.
 *
 * <p>State survives restarts in two ways: {@link #snapshot()} / {@link #restore} for checkpoints,
 * and {@link #rebuild} / {@link #replay} from stored readings (outcomes of a replay are dropped:
 * they were acted on before). After either, {@link #reconcile} aligns breach flags with the alerts
 * that are still open. Not thread-safe: one caller per device at a time.
 */
public final class DeviceEvaluator {

  private static final Comparator<Reading> BY_OBSERVE_TIME =
      Comparator.comparing(Reading::observeTime);

  private final DeviceId deviceId;
  private final Instant watchingSince;
  private final EnumMap<Metric, Instant> lastEvaluated = new EnumMap<>(Metric.class);
  private OptionalDouble lastReportedTemperature = OptionalDouble.empty();
  private Map<AlertRuleId, RuleState> states = new LinkedHashMap<>();

  private DeviceEvaluator(DeviceId deviceId, Instant watchingSince) {
    this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
    this.watchingSince =
        Objects.requireNonNull(watchingSince, "watchingSince").truncatedTo(ChronoUnit.MICROS);
  }

  /** A new evaluator that knows nothing yet; silence is counted from {@code watchingSince}. */
  public static DeviceEvaluator start(DeviceId deviceId, Instant watchingSince) {
    return new DeviceEvaluator(deviceId, watchingSince);
  }

  /** Rebuilds an evaluator from stored readings (the replay path). */
  public static DeviceEvaluator rebuild(
      DeviceId deviceId,
      Instant watchingSince,
      List<Reading> history,
      List<AlertRule> rules,
      double deadbandCelsius) {
    var evaluator = start(deviceId, watchingSince);
    evaluator.replay(history, rules, deadbandCelsius);
    return evaluator;
  }

  /** An evaluator in exactly the state the snapshot describes. */
  public static DeviceEvaluator restore(DeviceEvaluatorSnapshot snapshot) {
    var evaluator = new DeviceEvaluator(snapshot.deviceId(), snapshot.watchingSince());
    evaluator.lastEvaluated.putAll(snapshot.lastEvaluated());
    evaluator.lastReportedTemperature = snapshot.lastReportedTemperature();
    for (RuleStateSnapshot rule : snapshot.rules()) {
      evaluator.states.put(rule.ruleId(), RuleState.restore(rule));
    }
    return evaluator;
  }

  /** The evaluator's whole state as plain data; restoring it gives an identical evaluator. */
  public DeviceEvaluatorSnapshot snapshot() {
    return new DeviceEvaluatorSnapshot(
        deviceId,
        watchingSince,
        lastEvaluated,
        lastReportedTemperature,
        states.values().stream().map(RuleState::snapshot).toList());
  }

  /**
   * Evaluates readings of this device against the given rules (those that apply to the device;
   * disabled ones are ignored).
   *
   * @param deadbandCelsius the device's deadband for temperature-change reports
   */
  public EvaluationResult evaluate(
      List<Reading> readings, List<AlertRule> rules, double deadbandCelsius) {
    var active = syncRules(rules);
    var ordered = new ArrayList<>(readings);
    ordered.sort(BY_OBSERVE_TIME);
    var outcomes = new ArrayList<RuleOutcome>();
    var changes = new ArrayList<TemperatureChange>();
    int evaluated = 0;
    int late = 0;
    int duplicates = 0;
    for (Reading reading : ordered) {
      if (!reading.deviceId().equals(deviceId)) {
        throw new IllegalArgumentException(
            "reading of " + reading.deviceId() + " given to " + deviceId);
      }
      var previous = lastEvaluated.get(reading.metric());
      if (previous != null) {
        int order = reading.observeTime().compareTo(previous);
        if (order < 0) {
          late++;
          continue;
        }
        if (order == 0) {
          duplicates++;
          continue;
        }
      }
      lastEvaluated.put(reading.metric(), reading.observeTime());
      evaluated++;
      if (reading.metric() == Metric.TEMPERATURE_CELSIUS) {
        reportIfChanged(reading, deadbandCelsius).ifPresent(changes::add);
      }
      for (AlertRule rule : active) {
        if (rule.watches(reading.metric())) {
          states.get(rule.id()).onReading(deviceId, reading, rule).ifPresent(outcomes::add);
        }
      }
    }
    return new EvaluationResult(outcomes, changes, evaluated, late, duplicates);
  }

  /**
   * Feeds stored readings through the evaluator to rebuild its state, dropping the outcomes and
   * temperature reports (they were acted on when the readings first arrived). Readings the state
   * already reflects are skipped as late or duplicate.
   */
  public void replay(List<Reading> history, List<AlertRule> rules, double deadbandCelsius) {
    evaluate(history, rules, deadbandCelsius);
  }

  /**
   * Brings the evaluator up to readings that other passes evaluated without changing anything but
   * its progress ({@link DeviceEvaluatorSnapshot#differsOnlyInProgress}), so that their state was
   * not written: for each metric the evaluator already tracks, a later {@code latestStored} observe
   * time becomes the last evaluated one, and the NO_DATA rules on that metric have seen it. That is
   * exactly the state those passes ended with, since every stored reading went through a pass.
   * Metrics the evaluator has never evaluated are left alone: a pass that evaluates a new metric
   * changes more than progress.
   *
   * @param latestStored per metric, the observe time of the device's latest stored reading
   * @param rules the rules applying to the device, as for {@link #evaluate}
   */
  public void catchUp(Map<Metric, Instant> latestStored, List<AlertRule> rules) {
    latestStored.forEach(
        (metric, observeTime) -> {
          var previous = lastEvaluated.get(metric);
          if (previous == null || !observeTime.isAfter(previous)) {
            return;
          }
          lastEvaluated.put(metric, observeTime);
          for (AlertRule rule : rules) {
            var state = states.get(rule.id());
            if (state != null && rule.enabled() && rule.watches(metric) && state.isFor(rule)) {
              state.onProgress(observeTime);
            }
          }
        });
  }

  /** Per metric, the observe time of the latest evaluated reading. */
  public Map<Metric, Instant> progress() {
    return lastEvaluated.isEmpty() ? Map.of() : Map.copyOf(lastEvaluated);
  }

  /**
   * Checks the NO_DATA rules against server time {@code now}. Pass all rules that apply to the
   * device, as for {@link #evaluate}: the states of rules left out are forgotten.
   */
  public EvaluationResult checkSilence(Instant now, List<AlertRule> rules) {
    var active = syncRules(rules);
    var outcomes = new ArrayList<RuleOutcome>();
    for (AlertRule rule : active) {
      states.get(rule.id()).onSilenceCheck(deviceId, now, rule).ifPresent(outcomes::add);
    }
    return new EvaluationResult(outcomes, List.of(), 0, 0, 0);
  }

  /**
   * Aligns the evaluator with the alerts that are open for this device: a rule with an open alert
   * is treated as breached (so the reading that ends its condition clears the alert), even if the
   * state that knew it was lost in a restart or reset by a rule change.
   *
   * @param openAlerts severity of the open alert per rule
   */
  public void reconcile(List<AlertRule> rules, Map<AlertRuleId, Severity> openAlerts) {
    syncRules(rules);
    openAlerts.forEach(
        (ruleId, severity) -> {
          var state = states.get(ruleId);
          if (state != null) {
            state.assumeBreached(severity == Severity.CRITICAL);
          }
        });
  }

  /** Whether the rule's condition is currently breached on this device. */
  public boolean isBreached(AlertRuleId ruleId) {
    var state = states.get(ruleId);
    return state != null && state.breached;
  }

  /** Observe time of the latest evaluated reading of the metric. */
  public Optional<Instant> lastEvaluated(Metric metric) {
    return Optional.ofNullable(lastEvaluated.get(metric));
  }

  public DeviceId deviceId() {
    return deviceId;
  }

  private Optional<TemperatureChange> reportIfChanged(Reading reading, double deadbandCelsius) {
    var previous = lastReportedTemperature;
    if (previous.isPresent()
        && Math.abs(reading.value() - previous.getAsDouble()) <= deadbandCelsius) {
      return Optional.empty();
    }
    lastReportedTemperature = OptionalDouble.of(reading.value());
    return Optional.of(
        new TemperatureChange(deviceId, reading.value(), previous, reading.observeTime()));
  }

  /** Keeps exactly one up-to-date state per enabled rule; returns those rules in order. */
  private List<AlertRule> syncRules(List<AlertRule> rules) {
    var active = rules.stream().filter(AlertRule::enabled).toList();
    var synced = new LinkedHashMap<AlertRuleId, RuleState>();
    for (AlertRule rule : active) {
      var existing = states.get(rule.id());
      if (existing != null && existing.isFor(rule)) {
        synced.put(rule.id(), existing);
      } else {
        var lastSeen = Optional.ofNullable(lastEvaluated.get(rule.metric())).orElse(watchingSince);
        synced.put(rule.id(), RuleState.fresh(rule, lastSeen));
      }
    }
    states = synced;
    return active;
  }
}
