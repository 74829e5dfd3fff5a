package dev.fieldops.invoicing.application.command;

import dev.fieldops.kernel.Principal;
import java.util.Objects;

/**
 * The overdue scheduler's tick: flag every issued, unpaid invoice whose due time has passed. {@code
 * batchSize} bounds how many candidates one query fetches.
 */
public record MarkOverdueInvoices(Principal principal, int batchSize) {

  public MarkOverdueInvoices {
    Objects.requireNonNull(principal, "principal");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive: " + batchSize);
    }
  }
}
