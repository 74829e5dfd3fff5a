package dev.fieldops.support.application.event;

import java.time.Duration;
import java.util.Objects;

/**
 * How long to wait before asking telemetry again about a ticket's device: {@code first} after the
 * first failure, doubling after each further one, never more than {@code max}.
 */
public record EnrichmentRetry(Duration first, Duration max) {

  public EnrichmentRetry {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(max, "max");
    if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
      throw new IllegalArgumentException("need 0 < first <= max: " + first + ", " + max);
    }
  }

  /** The pause after {@code failures} failed attempts (1 for the first failure). */
  public Duration after(int failures) {
    var pause = first;
    for (int i = 1; i < failures && pause.compareTo(max) < 0; i++) {
      pause = pause.multipliedBy(2);
    }
    return pause.compareTo(max) > 0 ? max : pause;
  }
}
