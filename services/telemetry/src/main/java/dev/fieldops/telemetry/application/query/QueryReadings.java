package dev.fieldops.telemetry.application.query;

import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.domain.reading.TimeRange;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One device's readings of one metric over a time range, one page at a time: raw points when no
 * bucket width is given, otherwise MIN/MAX/AVG/COUNT per bucket ({@link ReadingsPage}).
 */
public record QueryReadings(
    Principal principal,
    DeviceId deviceId,
    Metric metric,
    TimeRange range,
    Optional<Duration> bucketWidth,
    PageRequest page) {

  public QueryReadings {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(bucketWidth, "bucketWidth");
    Objects.requireNonNull(page, "page");
  }
}
