package dev.fieldops.invoicing.application.query;

import dev.fieldops.invoicing.application.shared.InvoicingAccess;
import dev.fieldops.invoicing.domain.invoice.InvoiceQueries;
import dev.fieldops.invoicing.domain.invoice.Payment;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.paging.Page;

/**
 * Handles {@link ListInvoicePayments}: {@code INVOICE_NOT_FOUND} when the invoice is not visible.
 */
public final class ListInvoicePaymentsHandler {

  private final InvoiceQueries queries;

  public ListInvoicePaymentsHandler(InvoiceQueries queries) {
    this.queries = queries;
  }

  public Page<Payment> handle(ListInvoicePayments query) {
    var scope = InvoicingAccess.readScope(query.principal());
    return queries
        .listPayments(query.invoiceId(), scope, query.page())
        .orElseThrow(() -> NotFoundException.of("invoice", query.invoiceId().toString()));
  }
}
