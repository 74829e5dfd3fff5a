package dev.fieldops.support.application.command;

import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.support.application.query.TicketView;
import dev.fieldops.support.application.shared.SupportAction;
import dev.fieldops.support.domain.ticket.TicketRepository;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

/** Reopen a resolved ticket whose problem came back (RESOLVED → OPEN). Support staff only. */
public final class ReopenTicketHandler implements CommandHandler<ReopenTicket, TicketView> {

  private final TicketChanges changes;

  public ReopenTicketHandler(TicketRepository tickets, Clock clock, Supplier<UUID> ids) {
    this.changes = new TicketChanges(tickets, clock, ids);
  }

  @Override
  public TicketView handle(ReopenTicket command) {
    return changes.apply(
        command.principal(),
        SupportAction.REOPEN_TICKET,
        command.ticketId(),
        command.expectedVersion(),
        (ticket, context) -> ticket.reopen(command.reason(), context));
  }
}
