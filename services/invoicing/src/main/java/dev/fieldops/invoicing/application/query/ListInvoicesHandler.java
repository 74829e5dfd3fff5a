package dev.fieldops.invoicing.application.query;

import dev.fieldops.invoicing.application.shared.InvoicingAccess;
import dev.fieldops.invoicing.domain.invoice.InvoiceQueries;
import dev.fieldops.invoicing.domain.invoice.InvoiceSnapshot;
import dev.fieldops.kernel.paging.Page;

/**
 * Handles {@link ListInvoices}. A customer filtering by another customer's id gets an empty page,
 * as if that customer had no invoices.
 */
public final class ListInvoicesHandler {

  private final InvoiceQueries queries;

  public ListInvoicesHandler(InvoiceQueries queries) {
    this.queries = queries;
  }

  public Page<InvoiceSnapshot> handle(ListInvoices query) {
    var scope = InvoicingAccess.readScope(query.principal());
    return queries.list(query.filter(), scope, query.page());
  }
}
