package dev.fieldops.nats.inbox;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.greatest;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.val;

import dev.fieldops.kernel.Text;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/**
 * The runner's SQL against {@code inbox_event}, {@code inbox_aggregate} and {@code dead_letter}.
 */
final class InboxStore {

  static final String APPLIED = "APPLIED";
  static final String PARKED = "PARKED";

  private static final Table<Record> INBOX_EVENT = table(name("inbox_event"));
  private static final Field<String> IE_CONSUMER = field(name("consumer"), SQLDataType.CLOB);
  private static final Field<UUID> IE_EVENT_ID = field(name("event_id"), SQLDataType.UUID);
  private static final Field<String> IE_AGGREGATE_ID =
      field(name("aggregate_id"), SQLDataType.CLOB);
  private static final Field<Long> IE_AGGREGATE_VERSION =
      field(name("aggregate_version"), SQLDataType.BIGINT);
  private static final Field<Long> IE_STREAM_SEQ = field(name("stream_seq"), SQLDataType.BIGINT);
  private static final Field<String> IE_OUTCOME = field(name("outcome"), SQLDataType.CLOB);
  private static final Field<OffsetDateTime> IE_PROCESS_TIME =
      field(name("process_time"), SQLDataType.TIMESTAMPWITHTIMEZONE);

  private static final Table<Record> INBOX_AGGREGATE = table(name("inbox_aggregate"));
  private static final Field<String> IA_CONSUMER =
      field(name("inbox_aggregate", "consumer"), SQLDataType.CLOB);
  private static final Field<String> IA_AGGREGATE_ID =
      field(name("inbox_aggregate", "aggregate_id"), SQLDataType.CLOB);
  private static final Field<Long> IA_LAST_VERSION =
      field(name("inbox_aggregate", "last_version"), SQLDataType.BIGINT);
  private static final Field<OffsetDateTime> IA_UPDATE_TIME =
      field(name("inbox_aggregate", "update_time"), SQLDataType.TIMESTAMPWITHTIMEZONE);

  private static final Table<Record> DEAD_LETTER = table(name("dead_letter"));
  private static final Field<Long> DL_ID = field(name("dead_letter", "id"), SQLDataType.BIGINT);
  private static final Field<String> DL_CONSUMER =
      field(name("dead_letter", "consumer"), SQLDataType.CLOB);
  private static final Field<UUID> DL_EVENT_ID =
      field(name("dead_letter", "event_id"), SQLDataType.UUID);
  private static final Field<String> DL_SUBJECT =
      field(name("dead_letter", "subject"), SQLDataType.CLOB);
  private static final Field<Long> DL_STREAM_SEQ =
      field(name("dead_letter", "stream_seq"), SQLDataType.BIGINT);
  private static final Field<JSONB> DL_HEADERS =
      field(name("dead_letter", "headers"), SQLDataType.JSONB);
  private static final Field<byte[]> DL_PAYLOAD =
      field(name("dead_letter", "payload"), SQLDataType.BLOB);
  private static final Field<String> DL_REASON =
      field(name("dead_letter", "reason"), SQLDataType.CLOB);
  private static final Field<String> DL_ERROR =
      field(name("dead_letter", "error"), SQLDataType.CLOB);
  private static final Field<Integer> DL_ATTEMPTS =
      field(name("dead_letter", "attempts"), SQLDataType.INTEGER);
  private static final Field<OffsetDateTime> DL_FIRST_FAILURE_TIME =
      field(name("dead_letter", "first_failure_time"), SQLDataType.TIMESTAMPWITHTIMEZONE);
  private static final Field<OffsetDateTime> DL_LAST_FAILURE_TIME =
      field(name("dead_letter", "last_failure_time"), SQLDataType.TIMESTAMPWITHTIMEZONE);
  private static final Field<OffsetDateTime> DL_RETRIED_TIME =
      field(name("dead_letter", "retried_time"), SQLDataType.TIMESTAMPWITHTIMEZONE);
  private static final Field<String> DL_AGGREGATE_TYPE =
      field(name("dead_letter", "aggregate_type"), SQLDataType.CLOB);
  private static final Field<String> DL_AGGREGATE_ID =
      field(name("dead_letter", "aggregate_id"), SQLDataType.CLOB);
  private static final Field<Long> DL_AGGREGATE_SEQ =
      field(name("dead_letter", "aggregate_seq"), SQLDataType.BIGINT);
  private static final Field<String[]> DL_HEADER_NAMES =
      field(
          "array(select h.key from jsonb_each_text({0}) h order by h.key)",
          SQLDataType.CLOB.array(), DL_HEADERS);
  private static final Field<String[]> DL_HEADER_VALUES =
      field(
          "array(select h.value from jsonb_each_text({0}) h order by h.key)",
          SQLDataType.CLOB.array(), DL_HEADERS);
  private static final Field<OffsetDateTime> NOW =
      field("clock_timestamp()", SQLDataType.TIMESTAMPWITHTIMEZONE);

  /** Error texts are for operators; a runaway message must not bloat the table. */
  private static final int MAX_ERROR = 4_000;

  private InboxStore() {}

  /** Records the event for the consumer; false when it was recorded before (a duplicate). */
  static boolean recordApplied(DSLContext tx, String consumer, EventEnvelope e, long streamSeq) {
    return tx.insertInto(INBOX_EVENT)
            .columns(
                IE_CONSUMER,
                IE_EVENT_ID,
                IE_AGGREGATE_ID,
                IE_AGGREGATE_VERSION,
                IE_STREAM_SEQ,
                IE_OUTCOME)
            .values(
                consumer,
                e.eventId(),
                e.aggregateId(),
                e.aggregateVersion(),
                streamSeq > 0 ? streamSeq : null,
                APPLIED)
            .onConflictDoNothing()
            .execute()
        == 1;
  }

  /** The inbox outcome of an event for the consumer, locked, if it was recorded. */
  static Optional<String> lockOutcome(DSLContext tx, String consumer, UUID eventId) {
    return tx.select(IE_OUTCOME)
        .from(INBOX_EVENT)
        .where(IE_CONSUMER.eq(consumer).and(IE_EVENT_ID.eq(eventId)))
        .forUpdate()
        .fetchOptional(IE_OUTCOME);
  }

  /** Records (or turns) the event's inbox row into the given outcome. */
  static void upsertOutcome(
      DSLContext tx, String consumer, EventEnvelope e, long streamSeq, String outcome) {
    tx.insertInto(INBOX_EVENT)
        .columns(
            IE_CONSUMER,
            IE_EVENT_ID,
            IE_AGGREGATE_ID,
            IE_AGGREGATE_VERSION,
            IE_STREAM_SEQ,
            IE_OUTCOME)
        .values(
            consumer,
            e.eventId(),
            e.aggregateId(),
            e.aggregateVersion(),
            streamSeq > 0 ? streamSeq : null,
            outcome)
        .onConflict(IE_CONSUMER, IE_EVENT_ID)
        .doUpdate()
        .set(IE_OUTCOME, outcome)
        .set(IE_PROCESS_TIME, NOW)
        .execute();
  }

  /** The newest version of the aggregate the consumer applied, locked; empty before the first. */
  static Optional<Long> lockLastVersion(DSLContext tx, String consumer, String aggregateId) {
    return tx.select(IA_LAST_VERSION)
        .from(INBOX_AGGREGATE)
        .where(IA_CONSUMER.eq(consumer).and(IA_AGGREGATE_ID.eq(aggregateId)))
        .forUpdate()
        .fetchOptional(IA_LAST_VERSION);
  }

  /** Raises the aggregate's last applied version (never lowers it). */
  static void advanceVersion(DSLContext tx, String consumer, String aggregateId, long version) {
    tx.insertInto(INBOX_AGGREGATE)
        .columns(IA_CONSUMER, IA_AGGREGATE_ID, IA_LAST_VERSION)
        .values(consumer, aggregateId, version)
        .onConflict(IA_CONSUMER, IA_AGGREGATE_ID)
        .doUpdate()
        .set(IA_LAST_VERSION, greatest(IA_LAST_VERSION, val(version)))
        .set(IA_UPDATE_TIME, NOW)
        .execute();
  }

  /**
   * The consumer's progress in one aggregate: the last sequence it applied (0 before the first),
   * and whether events of the aggregate may be held after it ({@link #hold}), so that only then the
   * transaction looks for them.
   */
  record Progress(long lastSeq, boolean held) {}

  /**
   * The consumer's progress in the aggregate, with its row created if need be and locked until the
   * transaction ends: whoever applies an event of the aggregate holds it.
   */
  static Progress lockSequence(
      DSLContext tx, String consumer, String aggregateType, String aggregateId) {
    Record row =
        tx.resultQuery(
                "insert into inbox_sequence as s (consumer, aggregate_type, aggregate_id, last_seq)"
                    + " values ({0}, {1}, {2}, 0)"
                    + " on conflict (consumer, aggregate_type, aggregate_id)"
                    + " do update set last_seq = s.last_seq"
                    + " returning s.last_seq, s.held",
                val(consumer), val(aggregateType), val(aggregateId))
            .fetchSingle();
    return new Progress(row.get(0, Long.class), row.get(1, Boolean.class));
  }

  /**
   * Sets the aggregate's {@code held} flag to whether any of its events is still held for the
   * consumer; the row is locked already. Run after held events were looked for and released.
   */
  static void settleHeld(DSLContext tx, String consumer, String aggregateType, String aggregateId) {
    tx.execute(
        "update inbox_sequence set held = exists (select 1 from dead_letter d where d.consumer ="
            + " {0} and d.aggregate_type = {1} and d.aggregate_id = {2} and d.reason = {3} and"
            + " d.retried_time is null) where consumer = {0} and aggregate_type = {1} and"
            + " aggregate_id = {2}",
        val(consumer),
        val(aggregateType),
        val(aggregateId),
        val(ParkReason.PREDECESSOR_MISSING.name()));
  }

  /** Raises the aggregate's last applied sequence (never lowers it); the row is locked already. */
  static void advanceSequence(
      DSLContext tx, String consumer, String aggregateType, String aggregateId, long sequence) {
    tx.execute(
        "update inbox_sequence set last_seq = greatest(last_seq, {3}), update_time ="
            + " clock_timestamp() where consumer = {0} and aggregate_type = {1} and aggregate_id"
            + " = {2}",
        val(consumer), val(aggregateType), val(aggregateId), val(sequence));
  }

  /** Deletes inbox rows older than {@code retention}, at most {@code limit}. */
  static int purge(DSLContext dsl, String consumer, Duration retention, int limit) {
    return dsl.execute(
        "delete from inbox_event where ctid in (select ctid from inbox_event where consumer = {0}"
            + " and process_time < clock_timestamp() - {1} * interval '1 millisecond' limit {2})",
        val(consumer), val(retention.toMillis()), val(limit));
  }

  /** Dead letters a retention purge deleted: by age, and beyond the per-consumer count. */
  record Purged(int expired, int beyondCount) {}

  /**
   * Deletes the consumer's dead letters whose last failure (or retry) is older than the retention's
   * age, then all but {@code maxPerConsumer}: the held events (waiting for their predecessor, which
   * the consumer applies them with) are kept first, then the newest of the rest. A flood of poison
   * messages thus pushes out older poison, never an event that is only waiting for its turn.
   */
  static Purged purgeDeadLetters(DSLContext dsl, String consumer, DeadLetterRetention retention) {
    int expired =
        dsl.execute(
            "delete from dead_letter where consumer = {0}"
                + " and coalesce(retried_time, last_failure_time)"
                + " < clock_timestamp() - {1} * interval '1 millisecond'",
            val(consumer), val(retention.maxAge().toMillis()));
    int beyondCount =
        dsl.execute(
            "delete from dead_letter where consumer = {0} and id in (select id from dead_letter"
                + " where consumer = {0} order by (reason = {1} and retried_time is null) desc,"
                + " id desc offset {2})",
            val(consumer),
            val(ParkReason.PREDECESSOR_MISSING.name()),
            val(retention.maxPerConsumer()));
    return new Purged(expired, beyondCount);
  }

  /** What is parked: a message, where it came from, and why. */
  record Parking(
      String consumer,
      UUID eventId,
      String subject,
      long streamSeq,
      Map<String, String> headers,
      byte[] payload,
      ParkReason reason,
      String error,
      int attempts) {}

  /**
   * A parking's row, and whether the event was parked already: a delivery of an event that is still
   * parked (JetStream redelivers one whose parking outlasted the ack wait) adds to that row and is
   * not a new parking.
   */
  record Parked(long id, boolean already) {
    /** Whether the parking has a dead-letter row (it has none when the retention deleted it). */
    boolean hasRow() {
      return id != NO_ROW;
    }
  }

  private static final long NO_ROW = 0;

  /**
   * Records that the event is parked for the consumer (its inbox row, inserted or turned); returns
   * whether it was recorded parked before this transaction: a delivery of an event parked earlier.
   */
  static boolean recordParked(DSLContext tx, String consumer, EventEnvelope e, long streamSeq) {
    boolean before = lockOutcome(tx, consumer, e.eventId()).filter(PARKED::equals).isPresent();
    upsertOutcome(tx, consumer, e, streamSeq, PARKED);
    return before;
  }

  /**
   * Parks a message; parking the same event again (same consumer and id) updates the row: new
   * reason and error, attempts added, parked again if it had been retried. {@code parkedBefore}
   * says the inbox recorded the event parked already ({@link #recordParked}): when its dead letter
   * is gone (the retention deleted it), nothing is written and the parking is one of before, so
   * that a late delivery neither brings back a dead letter the retention removed nor counts again.
   */
  static Parked park(DSLContext tx, Parking p, boolean parkedBefore) {
    // A message without a readable envelope has no event id: each of its deliveries is a row of
    // its own (the unique index does not match NULLs), as before. Otherwise the row is locked, so
    // a delivery waits for a parking of the same event under way; two first parkings at once (two
    // replicas, no row yet) both count.
    Boolean stillParked =
        p.eventId() == null
            ? null
            : tx.select(DL_RETRIED_TIME.isNull())
                .from(DEAD_LETTER)
                .where(DL_CONSUMER.eq(p.consumer()).and(DL_EVENT_ID.eq(p.eventId())))
                .forUpdate()
                .fetchOne(0, Boolean.class);
    if (stillParked == null && parkedBefore) {
      return new Parked(NO_ROW, true);
    }
    var sorted = new TreeMap<>(p.headers());
    Field<JSONB> headers =
        field(
            "jsonb_object({0}, {1})",
            SQLDataType.JSONB,
            val(sorted.keySet().toArray(String[]::new)),
            val(sorted.values().toArray(String[]::new)));
    String error = p.error() == null ? null : Text.truncate(p.error(), MAX_ERROR);
    long id =
        tx.insertInto(DEAD_LETTER)
            .columns(
                DL_CONSUMER,
                DL_EVENT_ID,
                DL_SUBJECT,
                DL_STREAM_SEQ,
                DL_HEADERS,
                DL_PAYLOAD,
                DL_REASON,
                DL_ERROR,
                DL_ATTEMPTS,
                DL_FIRST_FAILURE_TIME,
                DL_LAST_FAILURE_TIME)
            .values(
                val(p.consumer()),
                val(p.eventId()),
                val(p.subject()),
                val(p.streamSeq() > 0 ? p.streamSeq() : null),
                headers,
                val(p.payload()),
                val(p.reason().name()),
                val(error),
                val(p.attempts()),
                NOW,
                NOW)
            .onConflict(DL_CONSUMER, DL_EVENT_ID)
            .doUpdate()
            .set(DL_REASON, val(p.reason().name()))
            .set(DL_ERROR, val(error))
            .set(DL_ATTEMPTS, DL_ATTEMPTS.plus(val(p.attempts())))
            .set(DL_LAST_FAILURE_TIME, NOW)
            .setNull(DL_RETRIED_TIME)
            .returningResult(DL_ID)
            .fetchSingle()
            .value1();
    return new Parked(id, Boolean.TRUE.equals(stillParked));
  }

  /**
   * Parks an event whose predecessor is missing as {@link ParkReason#PREDECESSOR_MISSING}, held at
   * its place in the aggregate: {@link #lockHeld} finds it when its predecessor is applied.
   */
  static Parked hold(
      DSLContext tx,
      Parking p,
      boolean parkedBefore,
      String aggregateType,
      String aggregateId,
      long aggregateSeq) {
    Parked parked = park(tx, p, parkedBefore);
    if (!parked.hasRow()) {
      return parked;
    }
    tx.update(DEAD_LETTER)
        .set(DL_AGGREGATE_TYPE, aggregateType)
        .set(DL_AGGREGATE_ID, aggregateId)
        .set(DL_AGGREGATE_SEQ, aggregateSeq)
        .where(DL_ID.eq(parked.id()))
        .execute();
    // The progress row is locked by the caller: the transaction that applies the predecessor sees
    // the flag and looks for this event.
    tx.execute(
        "update inbox_sequence set held = true where consumer = {0} and aggregate_type = {1} and"
            + " aggregate_id = {2}",
        val(p.consumer()), val(aggregateType), val(aggregateId));
    return parked;
  }

  /** The event held at {@code aggregateSeq} of the aggregate for the consumer, locked, if any. */
  static Optional<DeadLetter> lockHeld(
      DSLContext tx, String consumer, String aggregateType, String aggregateId, long aggregateSeq) {
    return tx.select(deadLetterFields())
        .from(DEAD_LETTER)
        .where(
            DL_CONSUMER
                .eq(consumer)
                .and(DL_AGGREGATE_TYPE.eq(aggregateType))
                .and(DL_AGGREGATE_ID.eq(aggregateId))
                .and(DL_AGGREGATE_SEQ.eq(aggregateSeq))
                .and(DL_REASON.eq(ParkReason.PREDECESSOR_MISSING.name()))
                .and(DL_RETRIED_TIME.isNull()))
        .orderBy(DL_ID)
        .limit(1)
        .forUpdate()
        .fetchOptional(InboxStore::toDeadLetter);
  }

  /**
   * A held event whose handler failed when its predecessor was applied: it stays parked, now as
   * {@link ParkReason#HANDLER_FAILED}, for an operator's retry.
   */
  static void recordReleaseFailure(DSLContext tx, long id, String error) {
    tx.update(DEAD_LETTER)
        .set(DL_REASON, ParkReason.HANDLER_FAILED.name())
        .set(DL_ATTEMPTS, DL_ATTEMPTS.plus(1))
        .set(DL_LAST_FAILURE_TIME, NOW)
        .set(DL_ERROR, error == null ? null : Text.truncate(error, MAX_ERROR))
        .where(DL_ID.eq(id))
        .execute();
  }

  static Optional<DeadLetter> lockDeadLetter(DSLContext tx, long id) {
    return tx.select(deadLetterFields())
        .from(DEAD_LETTER)
        .where(DL_ID.eq(id))
        .forUpdate()
        .fetchOptional(InboxStore::toDeadLetter);
  }

  static void markRetried(DSLContext tx, long id) {
    tx.update(DEAD_LETTER).set(DL_RETRIED_TIME, NOW).where(DL_ID.eq(id)).execute();
  }

  static void recordRetryFailure(DSLContext dsl, long id, String error) {
    String bounded = error == null ? null : Text.truncate(error, MAX_ERROR);
    dsl.update(DEAD_LETTER)
        .set(DL_ATTEMPTS, DL_ATTEMPTS.plus(1))
        .set(DL_LAST_FAILURE_TIME, NOW)
        .set(DL_ERROR, bounded)
        .where(DL_ID.eq(id))
        .execute();
  }

  /** Parked (not yet retried) dead letters, oldest first, optionally of one consumer. */
  static List<DeadLetter> parked(DSLContext dsl, Optional<String> consumer, int limit) {
    Condition where = DL_RETRIED_TIME.isNull();
    if (consumer.isPresent()) {
      where = where.and(DL_CONSUMER.eq(consumer.get()));
    }
    return dsl.select(deadLetterFields())
        .from(DEAD_LETTER)
        .where(where)
        .orderBy(DL_ID)
        .limit(limit)
        .fetch(InboxStore::toDeadLetter);
  }

  private static List<Field<?>> deadLetterFields() {
    return List.of(
        DL_ID,
        DL_CONSUMER,
        DL_EVENT_ID,
        DL_SUBJECT,
        DL_STREAM_SEQ,
        DL_HEADER_NAMES,
        DL_HEADER_VALUES,
        DL_PAYLOAD,
        DL_REASON,
        DL_ERROR,
        DL_ATTEMPTS,
        DL_FIRST_FAILURE_TIME,
        DL_LAST_FAILURE_TIME,
        DL_RETRIED_TIME);
  }

  private static DeadLetter toDeadLetter(Record r) {
    String[] names = r.get(DL_HEADER_NAMES);
    String[] values = r.get(DL_HEADER_VALUES);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; names != null && i < names.length; i++) {
      headers.put(names[i], values[i]);
    }
    return new DeadLetter(
        r.get(DL_ID),
        r.get(DL_CONSUMER),
        Optional.ofNullable(r.get(DL_EVENT_ID)),
        r.get(DL_SUBJECT),
        Optional.ofNullable(r.get(DL_STREAM_SEQ)),
        Map.copyOf(headers),
        r.get(DL_PAYLOAD),
        ParkReason.valueOf(r.get(DL_REASON)),
        r.get(DL_ERROR),
        r.get(DL_ATTEMPTS),
        instant(r.get(DL_FIRST_FAILURE_TIME)),
        instant(r.get(DL_LAST_FAILURE_TIME)),
        Optional.ofNullable(r.get(DL_RETRIED_TIME)).map(InboxStore::instant));
  }

  private static Instant instant(OffsetDateTime time) {
    return time.withOffsetSameInstant(ZoneOffset.UTC).toInstant();
  }
}
