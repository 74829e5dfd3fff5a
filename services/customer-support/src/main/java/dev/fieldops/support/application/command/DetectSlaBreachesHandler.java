package dev.fieldops.support.application.command;

import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.support.application.shared.SupportAccess;
import dev.fieldops.support.application.shared.SupportAction;
import dev.fieldops.support.domain.customer.CustomerScope;
import dev.fieldops.support.domain.ticket.SlaTarget;
import dev.fieldops.support.domain.ticket.TicketRepository;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The scheduler's use case: finds tickets with an overdue SLA target and lets each record its
 * breaches, one transaction per ticket so that one busy ticket cannot hold up the others. The
 * ticket itself guarantees that a target's breach is recorded — and its event raised — only once,
 * however often and however concurrently this runs. For support's own automation and admins.
 */
public final class DetectSlaBreachesHandler
    implements CommandHandler<DetectSlaBreaches, SlaBreachScan> {

  private final TicketChanges changes;

  public DetectSlaBreachesHandler(TicketRepository tickets, Clock clock, Supplier<UUID> ids) {
    this.changes = new TicketChanges(tickets, clock, ids);
  }

  @Override
  public SlaBreachScan handle(DetectSlaBreaches command) {
    SupportAccess.require(command.principal(), SupportAction.SCAN_SLA);
    var context = changes.contextFor(command.principal());
    var candidates = changes.tickets().findSlaBreachCandidates(context.now(), command.batchSize());
    var breaches = new ArrayList<SlaBreachScan.Breach>();
    for (var ticketId : candidates) {
      // Set, not appended to: a repository may run the change again after a serialization failure.
      var found = new AtomicReference<List<SlaTarget>>(List.of());
      changes
          .tickets()
          .update(
              ticketId,
              CustomerScope.unrestricted(),
              ticket -> found.set(ticket.detectBreaches(context)));
      found.get().forEach(target -> breaches.add(new SlaBreachScan.Breach(ticketId, target)));
    }
    return new SlaBreachScan(candidates.size(), breaches, candidates.size() == command.batchSize());
  }
}
