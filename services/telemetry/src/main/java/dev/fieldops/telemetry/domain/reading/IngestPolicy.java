package dev.fieldops.telemetry.domain.reading;

import java.time.Duration;
import java.util.Objects;

/**
 * How far from "now" an observe time may lie. The future limit absorbs device clock skew; the past
 * limit keeps readings inside the stored time partitions (it must not exceed the retention period).
 */
public record IngestPolicy(Duration maxFutureSkew, Duration maxAge) {

  public static final IngestPolicy DEFAULT =
      new IngestPolicy(Duration.ofMinutes(5), Duration.ofDays(7));

  public IngestPolicy {
    Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
    Objects.requireNonNull(maxAge, "maxAge");
    if (maxFutureSkew.isNegative() || !maxAge.isPositive()) {
      throw new IllegalArgumentException("skew must be >= 0 and max age > 0");
    }
  }
}
