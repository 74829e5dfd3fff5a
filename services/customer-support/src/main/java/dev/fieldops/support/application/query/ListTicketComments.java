package dev.fieldops.support.application.query;

import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.support.domain.ticket.TicketId;
import java.util.Objects;

/** Read a ticket's conversation, one page at a time. */
public record ListTicketComments(Principal principal, TicketId ticketId, PageRequest page) {

  public ListTicketComments {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(ticketId, "ticketId");
    Objects.requireNonNull(page, "page");
  }
}
