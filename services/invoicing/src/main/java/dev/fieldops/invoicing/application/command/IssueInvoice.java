package dev.fieldops.invoicing.application.command;

import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.kernel.Principal;
import java.util.Objects;
import java.util.Optional;

/** Issue a draft: number, issue time, due time, frozen totals. */
public record IssueInvoice(Principal principal, InvoiceId invoiceId, Optional<Long> expectedVersion) {

  public IssueInvoice {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(invoiceId, "invoiceId");
    Objects.requireNonNull(expectedVersion, "expectedVersion");
  }
}
