package dev.fieldops.support.application.query;

import dev.fieldops.kernel.Principal;
import dev.fieldops.support.domain.ticket.TicketId;
import java.util.Objects;

/** Show one ticket. */
public record GetTicket(Principal principal, TicketId ticketId) {

  public GetTicket {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(ticketId, "ticketId");
  }
}
