package dev.fieldops.support.domain.archfixture;

import java.time.Instant;

/** Breaks testability: takes the time from the system instead of from its caller. */
public class DomainClassReadingTheSystemClock {
  public boolean isOverdue(Instant due) {
    return Instant.now().isAfter(due);
  }
}
