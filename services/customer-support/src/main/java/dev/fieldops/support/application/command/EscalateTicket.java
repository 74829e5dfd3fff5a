package dev.fieldops.support.application.command;

import dev.fieldops.kernel.Principal;
import dev.fieldops.support.domain.ticket.TicketId;
import dev.fieldops.support.domain.ticket.TicketPriority;
import java.util.Objects;

/**
 * Raise a ticket's priority to at least {@code atLeast} because its problem got worse; a ticket
 * already that urgent is left as it is. No etag: an escalation applies to whatever the ticket is
 * now.
 */
public record EscalateTicket(Principal principal, TicketId ticketId, TicketPriority atLeast) {

  public EscalateTicket {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(ticketId, "ticketId");
    Objects.requireNonNull(atLeast, "atLeast");
  }
}
