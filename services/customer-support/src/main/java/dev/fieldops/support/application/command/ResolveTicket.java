package dev.fieldops.support.application.command;

import dev.fieldops.kernel.Principal;
import dev.fieldops.support.domain.ticket.TicketId;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Resolve an open ticket with what fixed the problem and the minutes the customer pays for.
 *
 * @param expectedVersion the version the caller's etag names; empty when it sent no etag
 */
public record ResolveTicket(
    Principal principal,
    TicketId ticketId,
    String resolution,
    int billableMinutes,
    OptionalLong expectedVersion) {

  public ResolveTicket {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(ticketId, "ticketId");
    Objects.requireNonNull(resolution, "resolution");
    Objects.requireNonNull(expectedVersion, "expectedVersion");
  }
}
