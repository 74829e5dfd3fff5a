package dev.fieldops.support.application.command;

import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.Principal;
import dev.fieldops.support.domain.ticket.TicketId;
import java.util.Objects;

/**
 * Close a resolved ticket for good (RESOLVED → CLOSED).
 *
 * @param expectedVersion the version the caller's etag names; any version when it sent no etag
 */
public record CloseTicket(Principal principal, TicketId ticketId, ExpectedVersion expectedVersion) {

  public CloseTicket {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(ticketId, "ticketId");
    Objects.requireNonNull(expectedVersion, "expectedVersion");
  }
}
