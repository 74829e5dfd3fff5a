package dev.fieldops.support.application.command;

import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.Principal;
import dev.fieldops.support.domain.ticket.TicketEdit;
import dev.fieldops.support.domain.ticket.TicketId;
import java.util.Objects;

/**
 * Change a ticket's subject, description, priority or tags — only the fields the edit names.
 *
 * @param expectedVersion the version the caller's etag names; any version when it sent no etag
 */
public record UpdateTicket(
    Principal principal, TicketId ticketId, TicketEdit edit, ExpectedVersion expectedVersion) {

  public UpdateTicket {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(ticketId, "ticketId");
    Objects.requireNonNull(edit, "edit");
    Objects.requireNonNull(expectedVersion, "expectedVersion");
  }
}
