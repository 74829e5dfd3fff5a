package dev.fieldops.invoicing.testing;

import dev.fieldops.invoicing.domain.numbering.InvoiceNumber;
import dev.fieldops.invoicing.domain.numbering.InvoiceNumberSeries;
import java.time.Year;

/**
 * Counters per year kept in the store's tables: a number is drawn in the caller's transaction and
 * is only taken for good if that transaction commits, like the adapter's locked counter row.
 */
public final class InMemoryInvoiceNumberSeries implements InvoiceNumberSeries {

  private final InMemoryInvoicingStore store;

  public InMemoryInvoiceNumberSeries(InMemoryInvoicingStore store) {
    this.store = store;
  }

  @Override
  public InvoiceNumber next(Year year) {
    long sequence = store.write("drawing an invoice number").counters.merge(year, 1L, Long::sum);
    return new InvoiceNumber(year, sequence);
  }
}
