package dev.fieldops.support.domain.ticket;

import java.time.Duration;
import java.util.Objects;

/**
 * How long support may take for the first response and for the resolution of one ticket, counted in
 * wall-clock time (around the clock, not business hours) from the moment it is opened, minus the
 * time the clock is paused.
 */
public record SlaTargets(Duration firstResponse, Duration resolution) {

  public SlaTargets {
    Objects.requireNonNull(firstResponse, "firstResponse");
    Objects.requireNonNull(resolution, "resolution");
    if (firstResponse.isNegative() || firstResponse.isZero()) {
      throw new IllegalArgumentException("a first-response target is positive: " + firstResponse);
    }
    if (resolution.compareTo(firstResponse) < 0) {
      throw new IllegalArgumentException(
          "a resolution target is not shorter than the first-response target: "
              + resolution
              + " < "
              + firstResponse);
    }
  }

  public Duration of(SlaTarget target) {
    return switch (target) {
      case FIRST_RESPONSE -> firstResponse;
      case RESOLUTION -> resolution;
    };
  }
}
