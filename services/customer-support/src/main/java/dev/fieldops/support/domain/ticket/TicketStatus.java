package dev.fieldops.support.domain.ticket;

/** Where a ticket is in its lifecycle; see {@link Ticket} for the moves between them. */
public enum TicketStatus {
  /** Reported, nobody owns it yet. */
  NEW,
  /** Someone works on it. */
  OPEN,
  /** Waiting on the customer; the SLA clock is paused. */
  PENDING,
  /** Support considers the problem fixed; it can still be reopened. */
  RESOLVED,
  /** Final: nothing changes a closed ticket any more. */
  CLOSED;

  /** Whether the ticket still needs work: NEW, OPEN or PENDING (counted as "open tickets"). */
  public boolean isUnresolved() {
    return this == NEW || this == OPEN || this == PENDING;
  }
}
