package dev.fieldops.invoicing.testing;

import dev.fieldops.invoicing.domain.event.DomainEvent;
import java.util.List;

/** Every port of the invoicing service, faked in memory over one shared store. */
public final class InMemoryInvoicing {

  public final InMemoryInvoicingStore store = new InMemoryInvoicingStore();
  public final InMemoryInvoiceRepository invoices = new InMemoryInvoiceRepository(store);
  public final InMemoryInvoiceNumberSeries numbers = new InMemoryInvoiceNumberSeries(store);
  public final InMemoryChargeRepository charges = new InMemoryChargeRepository(store);
  public final InMemoryPaymentTermsRepository terms = new InMemoryPaymentTermsRepository(store);

  /** Events committed to the outbox so far, in order. */
  public List<DomainEvent> outbox() {
    return store.outbox();
  }

  /** Committed outbox events of one type, in order. */
  public <E extends DomainEvent> List<E> outbox(Class<E> type) {
    return outbox().stream().filter(type::isInstance).map(type::cast).toList();
  }
}
