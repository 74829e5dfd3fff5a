package dev.fieldops.support.application.command;

import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.Principal;
import dev.fieldops.support.domain.ticket.TicketId;
import java.util.Objects;

/**
 * Resolve an open ticket with what fixed the problem and the minutes the customer pays for.
 *
 * @param expectedVersion the version the caller's etag names; any version when it sent no etag
 */
public record ResolveTicket(
    Principal principal,
    TicketId ticketId,
    String resolution,
    int billableMinutes,
    ExpectedVersion expectedVersion) {

  public ResolveTicket {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(ticketId, "ticketId");
    Objects.requireNonNull(resolution, "resolution");
    Objects.requireNonNull(expectedVersion, "expectedVersion");
  }
}
