package dev.fieldops.support.domain.ticket;

/** The two promises an SLA makes about a ticket. */
public enum SlaTarget {
  /** A public reply from staff by the due time. */
  FIRST_RESPONSE,
  /** The ticket resolved by the due time. */
  RESOLUTION
}
