package dev.fieldops.support.application.command;

import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.support.application.query.TicketView;
import dev.fieldops.support.application.shared.SupportAction;
import dev.fieldops.support.domain.ticket.TicketRepository;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Put an open ticket on hold while support waits on the customer (OPEN → PENDING). Support staff
 * only.
 */
public final class MarkTicketPendingHandler
    implements CommandHandler<MarkTicketPending, TicketView> {

  private final TicketChanges changes;

  public MarkTicketPendingHandler(TicketRepository tickets, Clock clock, Supplier<UUID> ids) {
    this.changes = new TicketChanges(tickets, clock, ids);
  }

  @Override
  public TicketView handle(MarkTicketPending command) {
    return changes.apply(
        command.principal(),
        SupportAction.MARK_TICKET_PENDING,
        command.ticketId(),
        command.expectedVersion(),
        (ticket, context) -> ticket.markPending(context));
  }
}
