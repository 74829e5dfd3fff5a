package dev.fieldops.support.application.command;

import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.Principal;
import dev.fieldops.support.domain.ticket.TicketId;
import java.util.Objects;

/**
 * Put an open ticket on hold while support waits on the customer (OPEN → PENDING).
 *
 * @param expectedVersion the version the caller's etag names; any version when it sent no etag
 */
public record MarkTicketPending(
    Principal principal, TicketId ticketId, ExpectedVersion expectedVersion) {

  public MarkTicketPending {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(ticketId, "ticketId");
    Objects.requireNonNull(expectedVersion, "expectedVersion");
  }
}
