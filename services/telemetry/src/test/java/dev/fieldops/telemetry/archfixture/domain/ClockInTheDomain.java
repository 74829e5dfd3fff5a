package dev.fieldops.telemetry.archfixture.domain;

import java.time.Instant;

/** Breaks "the domain reads no clock of its own". */
public final class ClockInTheDomain {
  public Instant stampNow() {
    return Instant.now();
  }
}
