package dev.fieldops.support.domain.ticket;

import dev.fieldops.support.testing.InMemoryTicketNumberSequence;

class InMemoryTicketNumberSequenceTest extends TicketNumberSequenceContract {

  private final InMemoryTicketNumberSequence sequence = new InMemoryTicketNumberSequence();

  @Override
  protected TicketNumberSequence sequence() {
    return sequence;
  }
}
