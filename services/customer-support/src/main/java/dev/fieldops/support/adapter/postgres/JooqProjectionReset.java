package dev.fieldops.support.adapter.postgres;

import static dev.fieldops.support.adapter.postgres.jooq.Tables.ALERT_ACTIVITY;
import static dev.fieldops.support.adapter.postgres.jooq.Tables.INVOICE_STANDING;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.fieldops.jooq.Transactor;
import java.time.OffsetDateTime;
import org.jooq.Field;
import org.jooq.Isolation;
import org.jooq.Table;

/**
 * Empties a projection together with everything its consumer remembers in the database (inbox rows,
 * last applied versions, parked events), so that the consumer, re-created on the stream from its
 * start, applies every event again as if for the first time.
 *
 * <p>One REPEATABLE READ transaction: every delete sees the same snapshot, so an event the running
 * consumer commits meanwhile either lost both its inbox row and its effect or kept both (a
 * concurrent change to a row being deleted is a serialization failure, and the transactor runs the
 * whole reset again). Inbox rows go first, in the order the consumer itself locks them, so the two
 * cannot deadlock.
 */
public final class JooqProjectionReset {

  /** The projections that can be rebuilt (the alert-ticket consumer is not one: never replayed). */
  public enum Projection {
    ACTIVE_ALERTS(ALERT_ACTIVITY),
    ACCOUNT_STANDING(INVOICE_STANDING);

    private final Table<?> table;

    Projection(Table<?> table) {
      this.table = table;
    }
  }

  /** What a reset removed. */
  public record Removed(int projectionRows, int inboxRows, int parkedEvents) {}

  private static final Table<?> INBOX_EVENT = table(name("inbox_event"));
  private static final Table<?> INBOX_AGGREGATE = table(name("inbox_aggregate"));
  private static final Table<?> DEAD_LETTER = table(name("dead_letter"));
  private static final Field<String> CONSUMER = field(name("consumer"), String.class);
  private static final Field<OffsetDateTime> RETRIED_TIME =
      field(name("retried_time"), OffsetDateTime.class);

  private final Transactor transactor;

  public JooqProjectionReset(Transactor transactor) {
    this.transactor = transactor;
  }

  /** Empties {@code projection} and forgets what consumer {@code consumer} applied or parked. */
  public Removed reset(Projection projection, String consumer) {
    return transactor.inTransaction(
        Isolation.REPEATABLE_READ,
        tx -> {
          int inbox = tx.deleteFrom(INBOX_EVENT).where(CONSUMER.eq(consumer)).execute();
          tx.deleteFrom(INBOX_AGGREGATE).where(CONSUMER.eq(consumer)).execute();
          // Retried dead letters stay as a record; parked ones are parked again by the replay if
          // they still cannot be applied.
          int parked =
              tx.deleteFrom(DEAD_LETTER)
                  .where(CONSUMER.eq(consumer))
                  .and(RETRIED_TIME.isNull())
                  .execute();
          int rows = tx.deleteFrom(projection.table).execute();
          return new Removed(rows, inbox, parked);
        });
  }
}
