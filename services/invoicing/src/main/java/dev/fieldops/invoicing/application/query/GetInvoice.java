package dev.fieldops.invoicing.application.query;

import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.kernel.Principal;
import java.util.Objects;

/** Read one invoice. */
public record GetInvoice(Principal principal, InvoiceId invoiceId) {

  public GetInvoice {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(invoiceId, "invoiceId");
  }
}
