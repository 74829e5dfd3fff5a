package dev.fieldops.invoicing.application.query;

import dev.fieldops.invoicing.application.shared.InvoicingAccess;
import dev.fieldops.invoicing.domain.invoice.InvoiceQueries;
import dev.fieldops.invoicing.domain.invoice.InvoiceSnapshot;
import dev.fieldops.kernel.NotFoundException;

/**
 * Handles {@link GetInvoice}: {@code INVOICE_NOT_FOUND} when missing or outside the caller's scope.
 */
public final class GetInvoiceHandler {

  private final InvoiceQueries queries;

  public GetInvoiceHandler(InvoiceQueries queries) {
    this.queries = queries;
  }

  public InvoiceSnapshot handle(GetInvoice query) {
    var scope = InvoicingAccess.readScope(query.principal());
    return queries
        .get(query.invoiceId(), scope)
        .orElseThrow(() -> NotFoundException.of("invoice", query.invoiceId().toString()));
  }
}
