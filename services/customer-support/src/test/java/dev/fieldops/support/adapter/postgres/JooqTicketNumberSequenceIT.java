package dev.fieldops.support.adapter.postgres;

import dev.fieldops.support.domain.ticket.TicketNumberSequence;
import dev.fieldops.support.domain.ticket.TicketNumberSequenceContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class JooqTicketNumberSequenceIT extends TicketNumberSequenceContract {

  private static SupportStore store;

  @BeforeAll
  static void startDatabase() {
    store = SupportStore.start();
  }

  @AfterAll
  static void dropDatabase() {
    store.close();
  }

  @Override
  protected TicketNumberSequence sequence() {
    return store.ticketNumbers;
  }
}
