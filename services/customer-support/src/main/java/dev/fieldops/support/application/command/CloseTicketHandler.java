package dev.fieldops.support.application.command;

import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.support.application.query.TicketView;
import dev.fieldops.support.application.shared.SupportAction;
import dev.fieldops.support.domain.ticket.TicketRepository;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

/** Close a resolved ticket for good (RESOLVED → CLOSED). Support staff only. */
public final class CloseTicketHandler implements CommandHandler<CloseTicket, TicketView> {

  private final TicketChanges changes;

  public CloseTicketHandler(TicketRepository tickets, Clock clock, Supplier<UUID> ids) {
    this.changes = new TicketChanges(tickets, clock, ids);
  }

  @Override
  public TicketView handle(CloseTicket command) {
    return changes.apply(
        command.principal(),
        SupportAction.CLOSE_TICKET,
        command.ticketId(),
        command.expectedVersion(),
        (ticket, context) -> ticket.close(context));
  }
}
