package dev.fieldops.support.domain.archfixture;

import dev.fieldops.support.adapter.postgres.JooqTicketQueries;
import dev.fieldops.support.domain.customer.CustomerScope;
import dev.fieldops.support.domain.ticket.TicketId;

/** Breaks the layering: the domain calling an adapter. */
public class DomainClassUsingAnAdapter {
  public boolean exists(JooqTicketQueries tickets, TicketId id) {
    return tickets.findTicket(id, CustomerScope.unrestricted()).isPresent();
  }
}
