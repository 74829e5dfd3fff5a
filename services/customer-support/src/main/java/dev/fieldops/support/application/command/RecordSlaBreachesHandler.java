package dev.fieldops.support.application.command;

import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.support.application.shared.SupportAccess;
import dev.fieldops.support.application.shared.SupportAction;
import dev.fieldops.support.domain.customer.CustomerScope;
import dev.fieldops.support.domain.ticket.SlaTarget;
import dev.fieldops.support.domain.ticket.TicketRepository;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Lets one ticket record its breaches; answers the targets newly breached. The ticket itself
 * guarantees that a target's breach is recorded, and its event raised, only once.
 */
public final class RecordSlaBreachesHandler
    implements CommandHandler<RecordSlaBreaches, List<SlaTarget>> {

  private final TicketChanges changes;

  public RecordSlaBreachesHandler(TicketRepository tickets, Clock clock, Supplier<UUID> ids) {
    this.changes = new TicketChanges(tickets, clock, ids);
  }

  @Override
  public List<SlaTarget> handle(RecordSlaBreaches command) {
    SupportAccess.require(command.principal(), SupportAction.SCAN_SLA);
    var context = changes.contextFor(command.principal());
    // Set, not appended to: a repository may run the change again after a serialization failure.
    var found = new AtomicReference<List<SlaTarget>>(List.of());
    changes
        .tickets()
        .update(
            command.ticketId(),
            CustomerScope.unrestricted(),
            ticket -> found.set(ticket.detectBreaches(context)));
    return found.get();
  }
}
