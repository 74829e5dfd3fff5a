package dev.fieldops.invoicing.application.query;

import dev.fieldops.invoicing.domain.invoice.InvoiceFilter;
import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.paging.PageRequest;
import java.util.Objects;

/** List invoices by customer, status and issue-time range, a keyset page at a time. */
public record ListInvoices(Principal principal, InvoiceFilter filter, PageRequest page) {

  public ListInvoices {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(page, "page");
  }
}
