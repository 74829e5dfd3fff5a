package dev.fieldops.support.testing;

/** Every port of customer support backed by memory, wired to one outbox. */
public final class InMemorySupport {

  public final InMemoryOutbox outbox = new InMemoryOutbox();
  public final InMemoryTicketRepository tickets = new InMemoryTicketRepository(outbox);
  public final InMemoryTicketQueries ticketQueries = new InMemoryTicketQueries(tickets);
  public final InMemoryCustomerSupportDetailsRepository customers =
      new InMemoryCustomerSupportDetailsRepository(outbox);
  public final InMemoryCustomerSupportQueries customerQueries =
      new InMemoryCustomerSupportQueries(customers, tickets);
  public final InMemoryTicketNumberSequence ticketNumbers = new InMemoryTicketNumberSequence();
}
