package dev.fieldops.nats.outbox;

import static dev.fieldops.nats.outbox.OutboxTable.AGGREGATE_ID;
import static dev.fieldops.nats.outbox.OutboxTable.AGGREGATE_TYPE;
import static dev.fieldops.nats.outbox.OutboxTable.AGGREGATE_VERSION;
import static dev.fieldops.nats.outbox.OutboxTable.CONTENT_TYPE;
import static dev.fieldops.nats.outbox.OutboxTable.EVENT_ID;
import static dev.fieldops.nats.outbox.OutboxTable.EVENT_TYPE;
import static dev.fieldops.nats.outbox.OutboxTable.HEADERS;
import static dev.fieldops.nats.outbox.OutboxTable.OCCUR_TIME;
import static dev.fieldops.nats.outbox.OutboxTable.OUTBOX_EVENT;
import static dev.fieldops.nats.outbox.OutboxTable.PAYLOAD;
import static dev.fieldops.nats.outbox.OutboxTable.SUBJECT;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.val;

import dev.fieldops.jooq.Transactor;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStep10;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.impl.SQLDataType;

/**
 * Appends events to the outbox inside the caller's transaction. It never talks to NATS, so a
 * broker outage cannot fail a use case: the event waits in the table and the relay publishes it
 * once the change is committed.
 *
 * <p>Waking the relay: the insert fires the {@code outbox} notification (a statement trigger),
 * which PostgreSQL delivers at commit only, so relays in every process wake for committed events
 * and never for rolled-back ones. PostgreSQL hands notifications out with a few milliseconds of
 * delay (tens under load), so a writer obtained from {@link OutboxRelay#writer()} also wakes its
 * own process's relay directly, right after the commit ({@link Transactor#afterCommit}).
 */
public final class OutboxWriter {

  private static final Field<JSONB> NO_HEADERS = field("'{}'::jsonb", SQLDataType.JSONB);

  private final Transactor transactor;
  private final Runnable afterCommit;

  /** A writer that relies on the notification alone to wake relays. */
  public OutboxWriter() {
    this(null, null);
  }

  /**
   * A writer that also runs {@code afterCommit} (typically a relay's {@code wakeUp}) once the
   * transaction of {@code transactor} it wrote in has committed.
   */
  public OutboxWriter(Transactor transactor, Runnable afterCommit) {
    if ((transactor == null) != (afterCommit == null)) {
      throw new IllegalArgumentException("give both transactor and afterCommit, or neither");
    }
    this.transactor = transactor;
    this.afterCommit = afterCommit;
  }

  /**
   * Appends one event.
   *
   * @param tx the {@link DSLContext} of the caller's open transaction (from {@code
   *     Transactor.inTransaction}); any other context would commit the event on its own
   */
  public void append(DSLContext tx, OutboxEvent event) {
    appendAll(tx, List.of(Objects.requireNonNull(event, "event")));
  }

  /**
   * Appends events in one statement; within an aggregate they are published in list order (for
   * events sharing a version).
   */
  public void appendAll(DSLContext tx, List<OutboxEvent> events) {
    Objects.requireNonNull(tx, "tx");
    Objects.requireNonNull(events, "events");
    if (events.isEmpty()) {
      return;
    }
    InsertValuesStep10<
            Record, UUID, String, String, Long, String, String, String, byte[], JSONB,
            OffsetDateTime>
        insert =
            tx.insertInto(
                OUTBOX_EVENT,
                EVENT_ID,
                AGGREGATE_TYPE,
                AGGREGATE_ID,
                AGGREGATE_VERSION,
                SUBJECT,
                EVENT_TYPE,
                CONTENT_TYPE,
                PAYLOAD,
                HEADERS,
                OCCUR_TIME);
    for (OutboxEvent e : events) {
      insert =
          insert.values(
              val(e.eventId()),
              val(e.aggregateType()),
              val(e.aggregateId()),
              val(e.aggregateVersion()),
              val(e.subject()),
              val(e.eventType()),
              val(e.contentType()),
              val(e.payload()),
              headers(e.headers()),
              val(e.occurTime().atOffset(ZoneOffset.UTC)));
    }
    insert.execute();
    // Only when the events went into this transactor's open transaction; a caller using some
    // other context still has the notification.
    if (transactor != null && transactor.current().isPresent()) {
      transactor.afterCommit(afterCommit);
    }
  }

  private static Field<JSONB> headers(Map<String, String> headers) {
    if (headers.isEmpty()) {
      return NO_HEADERS;
    }
    var sorted = new TreeMap<>(headers);
    return field(
        "jsonb_object({0}, {1})",
        SQLDataType.JSONB,
        val(sorted.keySet().toArray(String[]::new)),
        val(sorted.values().toArray(String[]::new)));
  }
}
