package dev.fieldops.support.application.command;

import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.Principal;
import dev.fieldops.support.domain.ticket.Assignee;
import dev.fieldops.support.domain.ticket.TicketId;
import java.util.Objects;

/**
 * Give a ticket to a staff member (a NEW ticket becomes OPEN).
 *
 * @param expectedVersion the version the caller's etag names; any version when it sent no etag
 */
public record AssignTicket(
    Principal principal, TicketId ticketId, Assignee assignee, ExpectedVersion expectedVersion) {

  public AssignTicket {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(ticketId, "ticketId");
    Objects.requireNonNull(assignee, "assignee");
    Objects.requireNonNull(expectedVersion, "expectedVersion");
  }
}
