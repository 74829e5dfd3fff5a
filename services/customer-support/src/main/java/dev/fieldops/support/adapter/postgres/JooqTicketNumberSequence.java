package dev.fieldops.support.adapter.postgres;

import static dev.fieldops.support.adapter.postgres.jooq.Routines.nextTicketNumber;

import dev.fieldops.jooq.Transactor;
import dev.fieldops.support.domain.ticket.TicketNumber;
import dev.fieldops.support.domain.ticket.TicketNumberSequence;
import java.time.Year;
import org.jooq.DSLContext;

/**
 * Ticket numbers from one PostgreSQL sequence per year ({@code next_ticket_number(year)} in the
 * migration). A draw never waits for another transaction, so concurrent ticket openings do not
 * queue behind a counter row; it joins the transaction open on the thread only to use the same
 * connection, since a sequence is not rolled back anyway.
 */
public final class JooqTicketNumberSequence implements TicketNumberSequence {

  private final DSLContext dsl;
  private final Transactor transactor;

  public JooqTicketNumberSequence(DSLContext dsl, Transactor transactor) {
    this.dsl = dsl;
    this.transactor = transactor;
  }

  @Override
  public TicketNumber next(Year year) {
    var db = transactor.current().orElse(dsl);
    Long sequence = db.select(nextTicketNumber(year.getValue())).fetchOne(0, Long.class);
    return new TicketNumber(year, sequence);
  }
}
