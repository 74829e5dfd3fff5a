package dev.fieldops.invoicing.application.command;

import dev.fieldops.invoicing.domain.invoice.Invoice;
import dev.fieldops.kernel.ConcurrencyConflictException;
import java.util.Optional;

/** The optimistic check of a command's etag (the invoice version it was based on). */
final class Etags {

  private Etags() {}

  /** Checked under the row lock, so a stale etag can never slip past a concurrent change. */
  static void require(Invoice invoice, Optional<Long> expectedVersion) {
    if (expectedVersion.isPresent() && expectedVersion.get() != invoice.version()) {
      throw ConcurrencyConflictException.etagMismatch("invoice", invoice.id().toString());
    }
  }
}
