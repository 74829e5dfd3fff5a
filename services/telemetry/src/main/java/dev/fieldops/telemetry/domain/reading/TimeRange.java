package dev.fieldops.telemetry.domain.reading;

import dev.fieldops.kernel.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A half-open interval of observe time: {@code [from, to)}. */
public record TimeRange(Instant from, Instant to) {

  public TimeRange {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw InvalidInputException.of("INVALID_TIME_RANGE", "end_time", "must be after start_time");
    }
  }

  public boolean contains(Instant instant) {
    return !instant.isBefore(from) && instant.isBefore(to);
  }

  public Duration length() {
    return Duration.between(from, to);
  }
}
