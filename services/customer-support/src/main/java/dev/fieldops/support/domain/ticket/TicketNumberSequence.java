package dev.fieldops.support.domain.ticket;

import java.time.Year;

/**
 * Hands out ticket numbers. A port because uniqueness must hold across every instance of the
 * service, which only the database can guarantee (a per-year counter row or sequence).
 *
 * <p>Contract: within one year every call returns a number never returned before, each larger than
 * the previous one; years are independent and every year starts at 1. Gaps are allowed (a number
 * drawn for a ticket whose creation then fails is not reused), so implementations may draw outside
 * the transaction that stores the ticket and need not serialize ticket creation.
 */
public interface TicketNumberSequence {

  /** The next number of {@code year}. */
  TicketNumber next(Year year);
}
