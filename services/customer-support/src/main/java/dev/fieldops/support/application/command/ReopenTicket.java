package dev.fieldops.support.application.command;

import dev.fieldops.kernel.Principal;
import dev.fieldops.support.domain.ticket.TicketId;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Reopen a resolved ticket whose problem came back (RESOLVED → OPEN).
 *
 * @param expectedVersion the version the caller's etag names; empty when it sent no etag
 */
public record ReopenTicket(Principal principal, TicketId ticketId, OptionalLong expectedVersion) {

  public ReopenTicket {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(ticketId, "ticketId");
    Objects.requireNonNull(expectedVersion, "expectedVersion");
  }
}
