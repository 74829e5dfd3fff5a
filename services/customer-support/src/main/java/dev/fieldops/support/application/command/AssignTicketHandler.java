package dev.fieldops.support.application.command;

import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.support.application.query.TicketView;
import dev.fieldops.support.application.shared.SupportAction;
import dev.fieldops.support.domain.ticket.TicketRepository;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

/** Assigns a ticket. Support staff only. */
public final class AssignTicketHandler implements CommandHandler<AssignTicket, TicketView> {

  private final TicketChanges changes;

  public AssignTicketHandler(TicketRepository tickets, Clock clock, Supplier<UUID> ids) {
    this.changes = new TicketChanges(tickets, clock, ids);
  }

  @Override
  public TicketView handle(AssignTicket command) {
    return changes.apply(
        command.principal(),
        SupportAction.ASSIGN_TICKET,
        command.ticketId(),
        command.expectedVersion(),
        (ticket, context) -> ticket.assign(command.assignee(), context));
  }
}
