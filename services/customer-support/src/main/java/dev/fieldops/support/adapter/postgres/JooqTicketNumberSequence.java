package dev.fieldops.support.adapter.postgres;

import static dev.fieldops.support.adapter.postgres.jooq.Routines.nextTicketNumber;
import static org.jooq.impl.DSL.generateSeries;

import dev.fieldops.jooq.FixedStatement;
import dev.fieldops.jooq.Transactor;
import dev.fieldops.support.domain.ticket.TicketNumber;
import dev.fieldops.support.domain.ticket.TicketNumberSequence;
import java.sql.ResultSet;
import java.time.Year;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Ticket numbers from one PostgreSQL sequence per year ({@code next_ticket_number(year)} in the
 * migration), reserved {@link #DEFAULT_BLOCK} at a time: one round trip per block instead of one
 * per ticket, like a sequence's own {@code CACHE}. A draw never waits for another transaction, so
 * concurrent ticket openings do not queue behind a counter row. Numbers are unique per year and
 * increase within one service instance; with several instances they interleave, and numbers an
 * instance reserved but did not use before it stopped are skipped (gaps are allowed, repeats are
 * not). The refill joins the transaction open on the thread only to use its connection: a sequence
 * is not rolled back anyway.
 */
public final class JooqTicketNumberSequence implements TicketNumberSequence {

  /** Numbers reserved per round trip. */
  public static final int DEFAULT_BLOCK = 20;

  // Rendered once: jOOQ rendering the routine call on every refill cost more client CPU than the
  // round trip (under a lock every opening ticket waits for).
  private static final FixedStatement RESERVE =
      FixedStatement.of(
          List.of("year", "block"),
          DSL.select(nextTicketNumber(DSL.param("year", SQLDataType.INTEGER)))
              .from(generateSeries(DSL.inline(1), DSL.param("block", SQLDataType.INTEGER))));

  private final DSLContext dsl;
  private final Transactor transactor;
  private final int block;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Year, ArrayDeque<Long>> reserved = new HashMap<>();

  public JooqTicketNumberSequence(DSLContext dsl, Transactor transactor) {
    this(dsl, transactor, DEFAULT_BLOCK);
  }

  public JooqTicketNumberSequence(DSLContext dsl, Transactor transactor, int block) {
    if (block < 1) {
      throw new IllegalArgumentException("block must be at least 1: " + block);
    }
    this.dsl = dsl;
    this.transactor = transactor;
    this.block = block;
  }

  @Override
  public TicketNumber next(Year year) {
    lock.lock();
    try {
      var numbers = reserved.computeIfAbsent(year, y -> new ArrayDeque<>());
      if (numbers.isEmpty()) {
        numbers.addAll(reserve(year));
      }
      return new TicketNumber(year, numbers.poll());
    } finally {
      lock.unlock();
    }
  }

  private List<Long> reserve(Year year) {
    var db = transactor.current().orElse(dsl);
    return RESERVE.query(
        db,
        results -> {
          var numbers = new ArrayList<Long>(block);
          try (ResultSet r = results.next()) {
            while (r.next()) {
              numbers.add(r.getLong(1));
            }
          }
          numbers.sort(null);
          return numbers;
        },
        year.getValue(),
        block);
  }
}
