package dev.fieldops.invoicing.application.command;

import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.Principal;
import java.util.Objects;

/** Issue a draft: number, issue time, due time, frozen totals. */
public record IssueInvoice(
    Principal principal, InvoiceId invoiceId, ExpectedVersion expectedVersion) {

  public IssueInvoice {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(invoiceId, "invoiceId");
    Objects.requireNonNull(expectedVersion, "expectedVersion");
  }
}
