package dev.fieldops.support.application.command;

import dev.fieldops.support.domain.ticket.SlaTarget;
import dev.fieldops.support.domain.ticket.TicketId;
import java.util.List;

/**
 * The outcome of one breach scan.
 *
 * @param ticketsExamined candidate tickets looked at
 * @param breaches breaches recorded now (each also raised its {@code TicketSlaBreached} event)
 * @param moreMayRemain the batch was full: scan again without waiting
 */
public record SlaBreachScan(int ticketsExamined, List<Breach> breaches, boolean moreMayRemain) {

  public SlaBreachScan {
    breaches = List.copyOf(breaches);
  }

  /** One target of one ticket found breached. */
  public record Breach(TicketId ticketId, SlaTarget target) {}
}
