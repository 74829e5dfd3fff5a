package dev.fieldops.support.application.command;

import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.support.application.query.TicketView;
import dev.fieldops.support.application.shared.SupportAction;
import dev.fieldops.support.domain.ticket.TicketRepository;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

/** Take a pending ticket up again (PENDING → OPEN). Support staff only. */
public final class ResumeTicketHandler implements CommandHandler<ResumeTicket, TicketView> {

  private final TicketChanges changes;

  public ResumeTicketHandler(TicketRepository tickets, Clock clock, Supplier<UUID> ids) {
    this.changes = new TicketChanges(tickets, clock, ids);
  }

  @Override
  public TicketView handle(ResumeTicket command) {
    return changes.apply(
        command.principal(),
        SupportAction.RESUME_TICKET,
        command.ticketId(),
        command.expectedVersion(),
        (ticket, context) -> ticket.resume(context));
  }
}
