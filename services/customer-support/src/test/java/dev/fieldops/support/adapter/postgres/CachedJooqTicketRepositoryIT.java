package dev.fieldops.support.adapter.postgres;

import dev.fieldops.support.adapter.nats.SupportEventMapper;
import dev.fieldops.support.application.query.TicketQueries;
import dev.fieldops.support.domain.shared.RecordedEvent;
import dev.fieldops.support.domain.ticket.TicketId;
import dev.fieldops.support.domain.ticket.TicketNumberSequence;
import dev.fieldops.support.domain.ticket.TicketRepository;
import dev.fieldops.support.domain.ticket.TicketRepositoryContract;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract against PostgreSQL with the ticket cache in front of single-ticket reads: what a
 * cached read answers must be what the database would.
 */
class CachedJooqTicketRepositoryIT extends TicketRepositoryContract {

  private static SupportStore store;

  @BeforeAll
  static void startDatabase() {
    store = SupportStore.start(1_000);
  }

  @AfterAll
  static void dropDatabase() {
    store.close();
  }

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
    return store.outboxOf(SupportEventMapper.TICKET, ticket.toString());
  }
}
