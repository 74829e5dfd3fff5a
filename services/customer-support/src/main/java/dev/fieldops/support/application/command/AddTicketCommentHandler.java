package dev.fieldops.support.application.command;

import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.support.application.shared.SupportAction;
import dev.fieldops.support.domain.ticket.CommentVisibility;
import dev.fieldops.support.domain.ticket.TicketComment;
import dev.fieldops.support.domain.ticket.TicketRepository;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Adds a comment. Support staff write replies and internal notes on any ticket; a customer writes
 * public replies on its own tickets only (its reply resumes a PENDING ticket).
 */
public final class AddTicketCommentHandler
    implements CommandHandler<AddTicketComment, TicketComment> {

  private final TicketChanges changes;

  public AddTicketCommentHandler(TicketRepository tickets, Clock clock, Supplier<UUID> ids) {
    this.changes = new TicketChanges(tickets, clock, ids);
  }

  @Override
  public TicketComment handle(AddTicketComment command) {
    var action =
        command.visibility() == CommentVisibility.PUBLIC
            ? SupportAction.ADD_PUBLIC_COMMENT
            : SupportAction.ADD_INTERNAL_NOTE;
    var added = new AtomicReference<TicketComment>();
    changes.apply(
        command.principal(),
        action,
        command.ticketId(),
        ExpectedVersion.any(),
        (ticket, context) ->
            added.set(ticket.addComment(command.visibility(), command.body(), context)));
    return added.get();
  }
}
