package dev.fieldops.support.application.command;

import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.Principal;
import dev.fieldops.support.domain.ticket.TicketId;
import java.util.Objects;

/**
 * Reopen a resolved ticket whose problem came back (RESOLVED → OPEN).
 *
 * @param reason why the fix did not hold; empty when the caller gave none
 * @param expectedVersion the version the caller's etag names; any version when it sent no etag
 */
public record ReopenTicket(
    Principal principal, TicketId ticketId, String reason, ExpectedVersion expectedVersion) {

  public ReopenTicket {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(ticketId, "ticketId");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(expectedVersion, "expectedVersion");
  }

  /** A reopen without a stated reason. */
  public ReopenTicket(Principal principal, TicketId ticketId, ExpectedVersion expectedVersion) {
    this(principal, ticketId, "", expectedVersion);
  }
}
