package dev.fieldops.workshop.domain;

import java.time.Instant;

/** Breaks the time rule: the domain reads the system clock. */
public final class RepairOrderReadingTheClock {

  public Instant closedAt() {
    return Instant.now();
  }
}
