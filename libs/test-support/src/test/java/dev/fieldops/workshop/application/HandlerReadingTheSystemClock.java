package dev.fieldops.workshop.application;

import java.time.Clock;
import java.time.Instant;

/** Breaks the time rule: a handler that reads the system clock. */
public final class HandlerReadingTheSystemClock {

  public Instant now() {
    return Clock.systemUTC().instant();
  }
}
