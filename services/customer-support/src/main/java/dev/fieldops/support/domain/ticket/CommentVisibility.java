package dev.fieldops.support.domain.ticket;

/** Who may read a ticket comment. */
public enum CommentVisibility {
  /** A reply the customer sees. */
  PUBLIC,
  /** A note for staff only; never shown to a customer. */
  INTERNAL
}
