package dev.fieldops.support.application.event;

import dev.fieldops.support.domain.ticket.TicketPriority;

/** How bad a telemetry alert is, and the priority its ticket gets from it. */
public enum AlertSeverity {
  WARNING(TicketPriority.HIGH),
  CRITICAL(TicketPriority.URGENT);

  private final TicketPriority ticketPriority;

  AlertSeverity(TicketPriority ticketPriority) {
    this.ticketPriority = ticketPriority;
  }

  /** The priority of a ticket about an alert of this severity. */
  public TicketPriority ticketPriority() {
    return ticketPriority;
  }
}
