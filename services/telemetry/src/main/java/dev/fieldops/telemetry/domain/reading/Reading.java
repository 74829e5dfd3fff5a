package dev.fieldops.telemetry.domain.reading;

import dev.fieldops.telemetry.domain.device.DeviceId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * An accepted observation of one metric by one device. The observe time is truncated to
 * microseconds, the precision the store keeps, so that a reading is identical before and after a
 * round trip through storage; (device, metric, observe time) identifies it.
 */
public record Reading(DeviceId deviceId, Metric metric, double value, Instant observeTime) {

  public Reading {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(observeTime, "observeTime");
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("a reading's value is finite: " + value);
    }
    observeTime = observeTime.truncatedTo(ChronoUnit.MICROS);
  }

  /** The identity of this reading: two readings with the same key are duplicates. */
  public Key key() {
    return new Key(deviceId, metric, observeTime);
  }

  /** (device, metric, observe time). */
  public record Key(DeviceId deviceId, Metric metric, Instant observeTime) {}
}
