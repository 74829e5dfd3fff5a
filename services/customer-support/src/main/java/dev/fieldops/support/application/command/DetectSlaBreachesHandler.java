package dev.fieldops.support.application.command;

import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.support.application.shared.SupportAccess;
import dev.fieldops.support.application.shared.SupportAction;
import dev.fieldops.support.domain.ticket.SlaTarget;
import dev.fieldops.support.domain.ticket.TicketRepository;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The scheduler's use case: finds tickets with an overdue SLA target and lets each record its
 * breaches through {@link RecordSlaBreaches}, one command (one transaction) per ticket so that one
 * busy ticket cannot hold up the others. The ticket itself guarantees that a target's breach is
 * recorded — and its event raised — only once, however often and however concurrently this runs.
 * For support's own automation and admins. The scan itself is not decorated: it only reads.
 */
public final class DetectSlaBreachesHandler
    implements CommandHandler<DetectSlaBreaches, SlaBreachScan> {

  private final TicketRepository tickets;
  private final Clock clock;
  private final CommandHandler<RecordSlaBreaches, List<SlaTarget>> recordBreaches;

  /**
   * @param recordBreaches the decorated per-ticket command
   */
  public DetectSlaBreachesHandler(
      TicketRepository tickets,
      Clock clock,
      CommandHandler<RecordSlaBreaches, List<SlaTarget>> recordBreaches) {
    this.tickets = Objects.requireNonNull(tickets, "tickets");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.recordBreaches = Objects.requireNonNull(recordBreaches, "recordBreaches");
  }

  @Override
  public SlaBreachScan handle(DetectSlaBreaches command) {
    SupportAccess.require(command.principal(), SupportAction.SCAN_SLA);
    var candidates = tickets.findSlaBreachCandidates(clock.instant(), command.batchSize());
    var breaches = new ArrayList<SlaBreachScan.Breach>();
    for (var ticketId : candidates) {
      recordBreaches
          .handle(new RecordSlaBreaches(command.principal(), ticketId))
          .forEach(target -> breaches.add(new SlaBreachScan.Breach(ticketId, target)));
    }
    return new SlaBreachScan(candidates.size(), breaches, candidates.size() == command.batchSize());
  }
}
