package dev.fieldops.telemetry.domain.evaluation;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.reading.Metric;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Everything a {@link DeviceEvaluator} knows, as plain data: what an adapter persists (e.g. as one
 * JSON document per device) and restores after a restart. Every instant in it has microsecond
 * precision (observe times are stored so, and the start of watching is truncated to it), so a store
 * keeping microseconds restores it exactly.
 *
 * @param watchingSince when evaluation of this device began; a NO_DATA rule that has never seen a
 *     reading counts silence from here
 * @param lastEvaluated per metric, the observe time of the latest evaluated reading
 * @param lastReportedTemperature the temperature last reported as changed, empty before the first
 */
public record DeviceEvaluatorSnapshot(
    DeviceId deviceId,
    Instant watchingSince,
    Map<Metric, Instant> lastEvaluated,
    OptionalDouble lastReportedTemperature,
    List<RuleStateSnapshot> rules) {

  public DeviceEvaluatorSnapshot {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(watchingSince, "watchingSince");
    Objects.requireNonNull(lastReportedTemperature, "lastReportedTemperature");
    lastEvaluated = lastEvaluated.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(lastEvaluated));
    rules = List.copyOf(rules);
  }

  /**
   * Whether this state differs from {@code other} at most in progress: the last evaluated observe
   * times of the same metrics and the NO_DATA rules' last seen times. Such a difference follows
   * from the stored readings alone ({@link DeviceEvaluator#catchUp}), so a store need not hold it.
   */
  public boolean differsOnlyInProgress(DeviceEvaluatorSnapshot other) {
    return deviceId.equals(other.deviceId)
        && watchingSince.equals(other.watchingSince)
        && lastEvaluated.keySet().equals(other.lastEvaluated.keySet())
        && lastReportedTemperature.equals(other.lastReportedTemperature)
        && sameButProgress(rules, other.rules);
  }

  /**
   * Whether some metric's last evaluated observe time lies {@code limit} or more after its time in
   * {@code earlier} (or the metric is not in it).
   */
  public boolean progressedBy(Map<Metric, Instant> earlier, Duration limit) {
    for (var entry : lastEvaluated.entrySet()) {
      var before = earlier.get(entry.getKey());
      if (before == null || Duration.between(before, entry.getValue()).compareTo(limit) >= 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the rules' states are equal but for the NO_DATA rules' last seen times. Asked for every
   * device in every evaluation pass: compares in place, allocating nothing.
   */
  private static boolean sameButProgress(
      List<RuleStateSnapshot> rules, List<RuleStateSnapshot> others) {
    if (rules.size() != others.size()) {
      return false;
    }
    for (int i = 0; i < rules.size(); i++) {
      var rule = rules.get(i);
      var other = others.get(i);
      boolean same =
          rule instanceof RuleStateSnapshot.NoDataState s
                  && other instanceof RuleStateSnapshot.NoDataState o
              ? s.ruleId().equals(o.ruleId())
                  && s.ruleVersion() == o.ruleVersion()
                  && s.breached() == o.breached()
                  && s.escalated() == o.escalated()
              : rule.equals(other);
      if (!same) {
        return false;
      }
    }
    return true;
  }

  /**
   * The earliest observe time after which stored readings may not yet be reflected in this
   * snapshot: replaying from here (readings at or before a metric's last evaluated time are
   * skipped) brings the state up to date.
   */
  public Instant replayFrom() {
    return lastEvaluated.values().stream().min(Instant::compareTo).orElse(watchingSince);
  }
}
