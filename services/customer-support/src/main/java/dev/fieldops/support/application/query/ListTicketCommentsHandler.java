package dev.fieldops.support.application.query;

import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.paging.Page;
import dev.fieldops.support.application.shared.SupportAccess;
import dev.fieldops.support.application.shared.SupportAction;
import dev.fieldops.support.domain.ticket.Ticket;
import dev.fieldops.support.domain.ticket.TicketComment;

/**
 * Lists a ticket's comments, oldest first. Internal notes are left out for callers who may not read
 * them (customers) — in the query, so that they never leave the database for such a caller.
 */
public final class ListTicketCommentsHandler {

  private final TicketQueries tickets;

  public ListTicketCommentsHandler(TicketQueries tickets) {
    this.tickets = tickets;
  }

  /**
   * @throws NotFoundException {@code TICKET_NOT_FOUND} when missing or another customer's
   */
  public Page<TicketComment> handle(ListTicketComments query) {
    var scope = SupportAccess.scopeOf(query.principal());
    boolean includeInternal =
        SupportAccess.permits(query.principal(), SupportAction.READ_INTERNAL_NOTES);
    return tickets
        .listComments(query.ticketId(), scope, includeInternal, query.page())
        .orElseThrow(() -> Ticket.notFound(query.ticketId()));
  }
}
