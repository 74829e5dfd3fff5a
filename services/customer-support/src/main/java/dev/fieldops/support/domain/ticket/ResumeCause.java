package dev.fieldops.support.domain.ticket;

/** Why a PENDING ticket became OPEN again. */
public enum ResumeCause {
  /** The customer replied publicly while support waited on them. */
  CUSTOMER_REPLY,
  /** Staff resumed the ticket. */
  STAFF
}
