package dev.fieldops.invoicing.archfixture.domain;

import java.time.Instant;

/** Violates "time comes in as an argument": the domain reading the system clock. */
public final class ClockReadingAggregate {
  public Instant issueTime() {
    return Instant.now();
  }
}
