package dev.fieldops.support.application.command;

import dev.fieldops.kernel.Principal;
import dev.fieldops.support.domain.ticket.TicketId;
import java.util.Objects;

/**
 * Record the SLA breaches of one ticket that became due: the step of a breach scan ({@link
 * DetectSlaBreaches}), one command, and so one transaction, per ticket.
 */
public record RecordSlaBreaches(Principal principal, TicketId ticketId) {

  public RecordSlaBreaches {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(ticketId, "ticketId");
  }
}
