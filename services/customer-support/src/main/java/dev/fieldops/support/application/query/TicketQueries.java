package dev.fieldops.support.application.query;

import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.paging.Page;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.support.domain.customer.CustomerScope;
import dev.fieldops.support.domain.ticket.AlertId;
import dev.fieldops.support.domain.ticket.TicketComment;
import dev.fieldops.support.domain.ticket.TicketId;
import dev.fieldops.support.domain.ticket.TicketSnapshot;
import java.util.Optional;

/**
 * Reads tickets for callers. Every method applies {@code scope} in the query itself: what lies
 * outside it does not exist for the caller. Tickets come back as stored snapshots; the handlers
 * turn them into views.
 *
 * <p>Ordering (part of the contract, so that cursors mean the same in every implementation):
 * tickets newest first by {@code (createTime DESC, id DESC)}; comments oldest first by {@code
 * (createTime ASC, commentId ASC)}. Ids compare as unsigned 128-bit numbers (as PostgreSQL compares
 * {@code uuid}). A cursor not issued by the same list throws {@link PageRequest#invalidCursor()}.
 */
public interface TicketQueries {

  /** The ticket if it exists inside {@code scope}. */
  Optional<TicketSnapshot> findTicket(TicketId id, CustomerScope scope);

  /**
   * The ticket opened for a telemetry alert, if there is one inside {@code scope}; an alert has at
   * most one ticket.
   */
  Optional<TicketSnapshot> findTicketForAlert(AlertId alertId, CustomerScope scope);

  /**
   * A page of the tickets inside {@code scope} that match {@code filter}.
   *
   * @throws InvalidInputException {@code INVALID_PAGE_TOKEN} for a cursor this list did not issue
   */
  Page<TicketSnapshot> listTickets(TicketFilter filter, CustomerScope scope, PageRequest page);

  /**
   * A page of a ticket's comments, without internal notes unless {@code includeInternal}; empty
   * (not an empty page) when the ticket does not exist inside {@code scope}.
   *
   * @throws InvalidInputException {@code INVALID_PAGE_TOKEN} for a cursor this list did not issue
   */
  Optional<Page<TicketComment>> listComments(
      TicketId ticketId, CustomerScope scope, boolean includeInternal, PageRequest page);
}
