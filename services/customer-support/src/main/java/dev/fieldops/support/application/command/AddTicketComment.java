package dev.fieldops.support.application.command;

import dev.fieldops.kernel.IdempotentCommand;
import dev.fieldops.kernel.Principal;
import dev.fieldops.support.domain.ticket.CommentVisibility;
import dev.fieldops.support.domain.ticket.TicketId;
import java.util.Objects;

/**
 * Add a public reply or an internal note to a ticket. The author is the principal, never a field of
 * the request. No etag: comments are appended, they cannot conflict.
 */
public record AddTicketComment(
    Principal principal, TicketId ticketId, CommentVisibility visibility, String body)
    implements IdempotentCommand {

  public AddTicketComment {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(ticketId, "ticketId");
    Objects.requireNonNull(visibility, "visibility");
    Objects.requireNonNull(body, "body");
  }
}
