package dev.fieldops.support.domain.customer;

import dev.fieldops.support.application.query.CustomerSupportQueries;
import dev.fieldops.support.domain.shared.RecordedEvent;
import dev.fieldops.support.domain.ticket.TicketNumberSequence;
import dev.fieldops.support.domain.ticket.TicketRepository;
import dev.fieldops.support.testing.InMemorySupport;
import java.util.List;

class InMemoryCustomerSupportDetailsRepositoryTest
    extends CustomerSupportDetailsRepositoryContract {

  private final InMemorySupport store = new InMemorySupport();

  @Override
  protected CustomerSupportDetailsRepository customerDetails() {
    return store.customers;
  }

  @Override
  protected CustomerSupportQueries customerQueries() {
    return store.customerQueries;
  }

  @Override
  protected TicketRepository tickets() {
    return store.tickets;
  }

  @Override
  protected TicketNumberSequence ticketNumbers() {
    return store.ticketNumbers;
  }

  @Override
  protected List<RecordedEvent> outboxOf(CustomerId customer) {
    return store.outbox.eventsOf(customer.value()).stream().map(RecordedEvent::of).toList();
  }
}
