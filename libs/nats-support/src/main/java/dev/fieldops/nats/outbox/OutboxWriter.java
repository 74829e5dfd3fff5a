package dev.fieldops.nats.outbox;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.fieldops.jooq.Transactor;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * Appends events to the outbox inside the caller's transaction. It never talks to NATS, so a broker
 * outage cannot fail a use case: the event waits in the table and the relay publishes it once the
 * change is committed.
 *
 * <p>Waking the relay: a writer obtained from {@link OutboxRelay#writer()} wakes its own process's
 * relay right after the commit ({@link Transactor#afterCommit}), never for a rollback, and tells
 * the table's trigger not to notify for that transaction. Any other write fires the {@code outbox}
 * notification (a statement trigger), which PostgreSQL delivers at commit only, to the relays of
 * every process. Notifying costs every writer: PostgreSQL holds one lock of the whole database from
 * a notifying transaction's commit until it is durable, so notifying writes commit one at a time.
 * Relays of other instances find in-process-woken events at their next poll.
 */
public final class OutboxWriter {

  // Gson escapes '=', '<', '>' and '&' for HTML pages by default; header values such as
  // baggage ("k=v") are written as they are.
  private static final Gson HEADERS_JSON = new GsonBuilder().disableHtmlEscaping().create();

  private final Transactor transactor;
  private final Runnable afterCommit;

  /** A writer that wakes relays by the notification alone (tools, tests). */
  public OutboxWriter() {
    this(null, null);
  }

  /**
   * A writer that runs {@code afterCommit} (typically a relay's {@code wakeUp}) once the
   * transaction of {@code transactor} it wrote in has committed, instead of the notification; in a
   * context other than that transactor's open transaction it notifies.
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
   * events sharing a version). Each event gets its aggregate's next sequence number ({@code
   * fieldops-aggregate-sequence}: 1, 2, 3, ... per aggregate, without gaps), which lets consumers
   * apply an aggregate's events in publish order whatever the number of their replicas.
   *
   * <p>The statement binds one array per column, so its text is the same for any number of events:
   * PostgreSQL parses it once per connection and the client renders nothing per event.
   */
  public void appendAll(DSLContext tx, List<OutboxEvent> events) {
    Objects.requireNonNull(tx, "tx");
    Objects.requireNonNull(events, "events");
    if (events.isEmpty()) {
      return;
    }
    int n = events.size();
    UUID[] ids = new UUID[n];
    String[] aggregateTypes = new String[n];
    String[] aggregateIds = new String[n];
    Long[] versions = new Long[n];
    String[] subjects = new String[n];
    String[] eventTypes = new String[n];
    String[] contentTypes = new String[n];
    byte[][] payloads = new byte[n][];
    String[] headers = new String[n];
    String[] occurTimes = new String[n];
    for (int i = 0; i < n; i++) {
      OutboxEvent e = Objects.requireNonNull(events.get(i), "event");
      ids[i] = e.eventId();
      aggregateTypes[i] = e.aggregateType();
      aggregateIds[i] = e.aggregateId();
      versions[i] = e.aggregateVersion();
      subjects[i] = e.subject();
      eventTypes[i] = e.eventType();
      contentTypes[i] = e.contentType();
      payloads[i] = e.payload();
      headers[i] = toJson(e.headers());
      occurTimes[i] = e.occurTime().toString();
    }
    // Only when the events go into this transactor's open transaction; a caller using some other
    // context still has the notification.
    boolean wakesItself = transactor != null && transactor.current().isPresent();
    tx.connection(
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(wakesItself ? IN_PROCESS + INSERT : INSERT)) {
            insert.setArray(1, connection.createArrayOf("uuid", ids));
            insert.setArray(2, connection.createArrayOf("text", aggregateTypes));
            insert.setArray(3, connection.createArrayOf("text", aggregateIds));
            insert.setArray(4, connection.createArrayOf("int8", versions));
            insert.setArray(5, connection.createArrayOf("text", subjects));
            insert.setArray(6, connection.createArrayOf("text", eventTypes));
            insert.setArray(7, connection.createArrayOf("text", contentTypes));
            insert.setArray(8, connection.createArrayOf("bytea", payloads));
            insert.setArray(9, connection.createArrayOf("text", headers));
            insert.setArray(10, connection.createArrayOf("text", occurTimes));
            insert.execute();
          }
        });
    if (wakesItself) {
      transactor.afterCommit(afterCommit);
    }
  }

  // A writer that wakes its relay itself tells the table's trigger not to NOTIFY, in the same round
  // trip: a notifying transaction holds a database-wide lock through its commit (platform outbox
  // migration V5).
  private static final String IN_PROCESS = "set local fieldops.outbox_wakeup = 'in_process';\n";

  // Rows are inserted in list order, which gives them ascending seq values: the relay's order.
  // Each aggregate's counter in outbox_aggregate is raised by its number of events in one upsert
  // (aggregates in key order, so two writers lock counters in the same order), and the k-th event
  // of an aggregate in the list gets the counter's old value + k: contiguous, in list order.
  private static final String INSERT =
      """
      with e as (
          select *
          from unnest(?::uuid[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[],
                      ?::bytea[], ?::text[], ?::text[])
               with ordinality as e(event_id, aggregate_type, aggregate_id, aggregate_version,
                                    subject, event_type, content_type, payload, headers,
                                    occur_time, n)
      ), counted as (
          select aggregate_type, aggregate_id, count(*) as events
          from e
          group by aggregate_type, aggregate_id
      ), counter as (
          insert into outbox_aggregate as a (aggregate_type, aggregate_id, last_seq)
          select aggregate_type, aggregate_id, events from counted
          order by aggregate_type, aggregate_id
          on conflict (aggregate_type, aggregate_id)
              do update set last_seq = a.last_seq + excluded.last_seq
          returning a.aggregate_type, a.aggregate_id, a.last_seq
      )
      insert into outbox_event (event_id, aggregate_type, aggregate_id, aggregate_version, subject,
                                event_type, content_type, payload, headers, occur_time,
                                aggregate_seq)
      select e.event_id, e.aggregate_type, e.aggregate_id, e.aggregate_version, e.subject,
             e.event_type, e.content_type, e.payload, e.headers::jsonb, e.occur_time::timestamptz,
             k.last_seq - c.events
                 + row_number() over (partition by e.aggregate_type, e.aggregate_id order by e.n)
      from e
      join counted c on c.aggregate_type = e.aggregate_type and c.aggregate_id = e.aggregate_id
      join counter k on k.aggregate_type = e.aggregate_type and k.aggregate_id = e.aggregate_id
      order by e.n
      """;

  /** The extra headers as a flat JSON object (keys sorted, so equal maps give equal rows). */
  static String toJson(Map<String, String> headers) {
    return HEADERS_JSON.toJson(new TreeMap<>(headers));
  }
}
