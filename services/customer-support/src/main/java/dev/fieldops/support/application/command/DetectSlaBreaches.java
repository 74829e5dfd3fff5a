package dev.fieldops.support.application.command;

import dev.fieldops.kernel.Principal;
import java.util.Objects;

/**
 * Record the SLA breaches that became due, for at most {@code batchSize} tickets. The scheduler
 * sends it periodically as {@code SupportAccess.AUTOMATION} and sends it again at once while the
 * result says more may remain.
 */
public record DetectSlaBreaches(Principal principal, int batchSize) {

  public DetectSlaBreaches {
    Objects.requireNonNull(principal, "principal");
    if (batchSize < 1) {
      throw new IllegalArgumentException("a breach scan looks at one ticket or more");
    }
  }
}
