package dev.fieldops.telemetry.domain.evaluation;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.reading.Metric;
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
   * The earliest observe time after which stored readings may not yet be reflected in this
   * snapshot: replaying from here (readings at or before a metric's last evaluated time are
   * skipped) brings the state up to date.
   */
  public Instant replayFrom() {
    return lastEvaluated.values().stream().min(Instant::compareTo).orElse(watchingSince);
  }
}
