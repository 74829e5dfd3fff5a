package dev.fieldops.support.application.query;

/**
 * Whether a customer pays on time, as support learns it from invoicing events. Until such events
 * are consumed every customer is {@link #UNKNOWN}: the honest answer, not a placeholder.
 */
public enum AccountStanding {
  /** Support has seen no invoicing event for the customer. */
  UNKNOWN,
  /** No invoice of the customer is overdue. */
  GOOD,
  /** At least one invoice is overdue and neither paid nor voided. */
  OVERDUE
}
