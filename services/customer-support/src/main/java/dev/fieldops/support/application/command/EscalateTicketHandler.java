package dev.fieldops.support.application.command;

import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.support.application.query.TicketView;
import dev.fieldops.support.application.shared.SupportAction;
import dev.fieldops.support.domain.ticket.SlaTargetsLookup;
import dev.fieldops.support.domain.ticket.TicketRepository;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Escalates a ticket (support's automation, when a telemetry alert is escalated; staff may too).
 * The rule that an escalation never lowers a priority is the ticket's own.
 */
public final class EscalateTicketHandler implements CommandHandler<EscalateTicket, TicketView> {

  private final TicketChanges changes;
  private final SlaTargetsLookup slaPolicy;

  public EscalateTicketHandler(
      TicketRepository tickets, SlaTargetsLookup slaPolicy, Clock clock, Supplier<UUID> ids) {
    this.changes = new TicketChanges(tickets, clock, ids);
    this.slaPolicy = slaPolicy;
  }

  @Override
  public TicketView handle(EscalateTicket command) {
    return changes.apply(
        command.principal(),
        SupportAction.UPDATE_TICKET,
        command.ticketId(),
        ExpectedVersion.any(),
        (ticket, context) -> ticket.escalate(command.atLeast(), slaPolicy, context));
  }
}
