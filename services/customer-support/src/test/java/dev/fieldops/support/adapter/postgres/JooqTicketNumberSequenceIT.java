package dev.fieldops.support.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.support.domain.ticket.TicketNumber;
import dev.fieldops.support.domain.ticket.TicketNumberSequence;
import dev.fieldops.support.domain.ticket.TicketNumberSequenceContract;
import java.time.Year;
import java.util.ArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

  @Test
  void two_instances_reserve_separate_blocks_and_never_hand_out_a_number_twice() {
    var year = Year.of(2150);
    var first = new JooqTicketNumberSequence(store.database.dsl(), store.database.transactor(), 3);
    var second = new JooqTicketNumberSequence(store.database.dsl(), store.database.transactor(), 3);
    var fromFirst = new ArrayList<TicketNumber>();
    var fromSecond = new ArrayList<TicketNumber>();
    for (int i = 0; i < 7; i++) {
      fromFirst.add(first.next(year));
      fromSecond.add(second.next(year));
    }

    // Each instance counts up through its own blocks: 1-3 then 7-9 then 13-15 for the first.
    assertThat(fromFirst)
        .extracting(TicketNumber::sequence)
        .containsExactly(1L, 2L, 3L, 7L, 8L, 9L, 13L);
    assertThat(fromSecond)
        .extracting(TicketNumber::sequence)
        .containsExactly(4L, 5L, 6L, 10L, 11L, 12L, 16L);
  }
}
