package dev.fieldops.invoicing.application.command;

import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.kernel.Principal;
import java.util.Objects;
import java.util.Optional;

/** Void an issued, unpaid invoice, giving a reason. */
public record VoidInvoice(
    Principal principal, InvoiceId invoiceId, String reason, Optional<Long> expectedVersion) {

  public VoidInvoice {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(invoiceId, "invoiceId");
    Objects.requireNonNull(expectedVersion, "expectedVersion");
  }
}
