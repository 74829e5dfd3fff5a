package dev.fieldops.invoicing.testing;

import dev.fieldops.invoicing.domain.charge.ChargeRepository;
import dev.fieldops.invoicing.domain.charge.ChargeRepositoryContract;
import dev.fieldops.invoicing.domain.event.DomainEvent;
import dev.fieldops.invoicing.domain.invoice.InvoiceRepository;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The in-memory fakes keep the same contract as the PostgreSQL adapter will. */
class InMemoryChargeRepositoryTest extends ChargeRepositoryContract {

  private final InMemoryInvoicing db = new InMemoryInvoicing();

  @Override
  protected ChargeRepository charges() {
    return db.charges;
  }

  @Override
  protected InvoiceRepository invoices() {
    return db.invoices;
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
