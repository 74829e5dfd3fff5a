package dev.fieldops.support.application.command;

import dev.fieldops.kernel.Principal;
import dev.fieldops.support.domain.ticket.TicketId;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Take a pending ticket up again (PENDING → OPEN).
 *
 * @param expectedVersion the version the caller's etag names; empty when it sent no etag
 */
public record ResumeTicket(Principal principal, TicketId ticketId, OptionalLong expectedVersion) {

  public ResumeTicket {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(ticketId, "ticketId");
    Objects.requireNonNull(expectedVersion, "expectedVersion");
  }
}
