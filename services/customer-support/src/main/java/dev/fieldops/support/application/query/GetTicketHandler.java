package dev.fieldops.support.application.query;

import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.support.application.shared.SupportAccess;
import dev.fieldops.support.domain.ticket.Ticket;
import java.time.Clock;

/** Shows a ticket to support staff, or to the customer it belongs to. */
public final class GetTicketHandler {

  private final TicketQueries tickets;
  private final Clock clock;

  public GetTicketHandler(TicketQueries tickets, Clock clock) {
    this.tickets = tickets;
    this.clock = clock;
  }

  /**
   * @throws NotFoundException {@code TICKET_NOT_FOUND} when missing or another customer's
   */
  public TicketView handle(GetTicket query) {
    var scope = SupportAccess.scopeOf(query.principal());
    return tickets
        .findTicket(query.ticketId(), scope)
        .map(ticket -> TicketView.of(ticket, clock.instant()))
        .orElseThrow(() -> Ticket.notFound(query.ticketId()));
  }
}
