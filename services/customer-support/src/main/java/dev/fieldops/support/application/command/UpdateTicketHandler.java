package dev.fieldops.support.application.command;

import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.support.application.query.TicketView;
import dev.fieldops.support.application.shared.SupportAction;
import dev.fieldops.support.domain.ticket.SlaTargetsLookup;
import dev.fieldops.support.domain.ticket.TicketRepository;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

/** Edits a ticket's descriptive fields. Support staff only. */
public final class UpdateTicketHandler implements CommandHandler<UpdateTicket, TicketView> {

  private final TicketChanges changes;
  private final SlaTargetsLookup slaPolicy;

  public UpdateTicketHandler(
      TicketRepository tickets, SlaTargetsLookup slaPolicy, Clock clock, Supplier<UUID> ids) {
    this.changes = new TicketChanges(tickets, clock, ids);
    this.slaPolicy = slaPolicy;
  }

  @Override
  public TicketView handle(UpdateTicket command) {
    return changes.apply(
        command.principal(),
        SupportAction.UPDATE_TICKET,
        command.ticketId(),
        command.expectedVersion(),
        (ticket, context) -> ticket.edit(command.edit(), slaPolicy, context));
  }
}
