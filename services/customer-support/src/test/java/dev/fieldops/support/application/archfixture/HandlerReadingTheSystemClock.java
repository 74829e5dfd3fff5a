package dev.fieldops.support.application.archfixture;

import java.time.Clock;

/** Breaks testability: a handler making its own clock instead of having one injected. */
public class HandlerReadingTheSystemClock {
  public Clock clock() {
    return Clock.systemUTC();
  }
}
