package dev.fieldops.invoicing.testing;

import dev.fieldops.invoicing.domain.event.DomainEvent;
import dev.fieldops.invoicing.domain.invoice.InvoiceQueries;
import dev.fieldops.invoicing.domain.invoice.InvoiceRepository;
import dev.fieldops.invoicing.domain.invoice.InvoiceRepositoryContract;
import dev.fieldops.invoicing.domain.numbering.InvoiceNumberSeries;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The in-memory fakes keep the same contract as the PostgreSQL adapter will. */
class InMemoryInvoiceRepositoryTest extends InvoiceRepositoryContract {

  private final InMemoryInvoicing db = new InMemoryInvoicing();

  @Override
  protected InvoiceRepository invoices() {
    return db.invoices;
  }

  @Override
  protected InvoiceQueries queries() {
    return db.invoices;
  }

  @Override
  protected InvoiceNumberSeries numberSeries() {
    return db.numbers;
  }

  @Override
  protected <T> T inTransaction(Supplier<T> work) {
    return db.store.inTransaction(work);
  }

  @Override
  protected Set<UUID> outboxEventIds() {
    return db.outbox().stream().map(DomainEvent::eventId).collect(Collectors.toSet());
  }
}
