package dev.fieldops.support.domain.ticket;

import dev.fieldops.support.application.query.TicketQueries;
import dev.fieldops.support.domain.shared.RecordedEvent;
import dev.fieldops.support.testing.InMemorySupport;
import java.util.List;

class InMemoryTicketRepositoryTest extends TicketRepositoryContract {

  private final InMemorySupport store = new InMemorySupport();

  @Override
  protected TicketRepository tickets() {
    return store.tickets;
  }

  @Override
  protected TicketQueries ticketQueries() {
    return store.ticketQueries;
  }

  @Override
  protected TicketNumberSequence ticketNumbers() {
    return store.ticketNumbers;
  }

  @Override
  protected List<RecordedEvent> outboxOf(TicketId ticket) {
    return store.outbox.eventsOf(ticket.toString()).stream().map(RecordedEvent::of).toList();
  }
}
