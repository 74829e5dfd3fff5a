package dev.fieldops.support.application.query;

import dev.fieldops.kernel.paging.Page;
import dev.fieldops.support.application.shared.SupportAccess;
import java.time.Clock;

/**
 * Lists tickets: every customer's for support staff, only its own for a customer (whatever its
 * filter says).
 */
public final class ListTicketsHandler {

  private final TicketQueries tickets;
  private final Clock clock;

  public ListTicketsHandler(TicketQueries tickets, Clock clock) {
    this.tickets = tickets;
    this.clock = clock;
  }

  public Page<TicketView> handle(ListTickets query) {
    var scope = SupportAccess.scopeOf(query.principal());
    var now = clock.instant();
    return tickets
        .listTickets(query.filter(), scope, query.page())
        .map(ticket -> TicketView.of(ticket, now));
  }
}
