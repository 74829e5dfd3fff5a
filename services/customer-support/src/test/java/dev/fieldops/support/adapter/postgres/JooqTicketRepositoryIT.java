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
import org.junit.jupiter.api.TestInstance;

/** The contract against PostgreSQL, every read from the database (no ticket cache). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JooqTicketRepositoryIT extends TicketRepositoryContract {

  private SupportStore store;

  /** Snapshots the store's ticket cache keeps; 0: none. */
  int ticketCacheSize() {
    return 0;
  }

  @BeforeAll
  void startDatabase() {
    store = SupportStore.start(ticketCacheSize());
  }

  @AfterAll
  void dropDatabase() {
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
