package dev.fieldops.support.application.archfixture;

import dev.fieldops.support.adapter.postgres.JooqTicketQueries;
import dev.fieldops.support.domain.customer.CustomerScope;
import dev.fieldops.support.domain.ticket.TicketId;

/** Breaks the layering: a handler calling a concrete adapter instead of a port. */
public class HandlerUsingAnAdapter {
  public boolean handle(JooqTicketQueries tickets, TicketId id) {
    return tickets.findTicket(id, CustomerScope.unrestricted()).isPresent();
  }
}
