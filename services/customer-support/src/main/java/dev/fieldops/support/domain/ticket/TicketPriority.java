package dev.fieldops.support.domain.ticket;

/**
 * How urgent a ticket is; with the customer's support tier it sets the SLA targets. Declared from
 * least to most urgent: escalation compares priorities by this order.
 */
public enum TicketPriority {
  LOW,
  NORMAL,
  HIGH,
  URGENT
}
