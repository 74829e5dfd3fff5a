package dev.fieldops.support.testing;

import dev.fieldops.support.domain.ticket.TicketNumber;
import dev.fieldops.support.domain.ticket.TicketNumberSequence;
import java.time.Year;
import java.util.HashMap;
import java.util.Map;

/** One counter per year. */
public final class InMemoryTicketNumberSequence implements TicketNumberSequence {

  private final Map<Year, Long> last = new HashMap<>();

  @Override
  public synchronized TicketNumber next(Year year) {
    long next = last.merge(year, 1L, Long::sum);
    return new TicketNumber(year, next);
  }
}
