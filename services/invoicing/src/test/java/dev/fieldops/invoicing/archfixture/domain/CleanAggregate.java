package dev.fieldops.invoicing.archfixture.domain;

import dev.fieldops.kernel.RuleViolationException;
import java.time.Instant;
import java.util.List;

/** Breaks no rule: plain Java, the kernel, time passed in. The rules must let it pass. */
public final class CleanAggregate {
  private final List<Instant> changes = new java.util.ArrayList<>();

  public void change(Instant now) {
    if (now == null) {
      throw new RuleViolationException("NO_TIME", "time is required");
    }
    changes.add(now);
  }
}
