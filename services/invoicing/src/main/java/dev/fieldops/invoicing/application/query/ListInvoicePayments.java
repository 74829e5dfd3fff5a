package dev.fieldops.invoicing.application.query;

import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.paging.PageRequest;
import java.util.Objects;

/** List the payments of one invoice, in the order they were recorded. */
public record ListInvoicePayments(Principal principal, InvoiceId invoiceId, PageRequest page) {

  public ListInvoicePayments {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(invoiceId, "invoiceId");
    Objects.requireNonNull(page, "page");
  }
}
