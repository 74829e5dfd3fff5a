package dev.fieldops.nats.outbox;

import static dev.fieldops.nats.outbox.OutboxTable.EVENT_ID;
import static dev.fieldops.nats.outbox.OutboxTable.OUTBOX_EVENT;
import static dev.fieldops.nats.outbox.OutboxTable.PUBLISHED_TIME;
import static dev.fieldops.nats.outbox.OutboxTable.STREAM_SEQ;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.val;

import dev.fieldops.jooq.FixedStatement;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/** The relay's SQL against {@code outbox_event}. */
final class OutboxStore {

  // First key of the relay's two-key advisory locks ("outb"), so they cannot collide with
  // single-key advisory locks a service might take.
  static final int LOCK_CLASS = 0x6f757462;

  private static final Field<OffsetDateTime> CLOCK =
      field("clock_timestamp()", SQLDataType.TIMESTAMPWITHTIMEZONE);

  private OutboxStore() {}

  /**
   * Claims up to {@code limit} of the oldest unpublished rows, aggregate by aggregate: a row is
   * claimed (locked {@code FOR UPDATE SKIP LOCKED}) only after this transaction obtained its
   * aggregate's advisory lock, so every relay (and every worker of a relay) row-locks events only
   * of aggregates it holds. Hence two relays never publish events of one aggregate at the same
   * time, and since the candidates are the oldest unpublished rows in insertion order, what a relay
   * claims of an aggregate is always the head of that aggregate's backlog: no event is published
   * while an earlier one of its aggregate is unpublished.
   *
   * <p>One statement. The candidates are bounded first (a materialized {@code LIMIT}), so at most
   * {@code limit} advisory locks are tried whatever plan PostgreSQL picks. Each candidate is then
   * locked through its physical address ({@code ctid}, a TID scan): no index is involved, so the
   * planner cannot pick a plan that scans the backlog once per candidate (which it did through the
   * partial backlog index when its statistics were taken while the backlog was empty, and a burst
   * then made the claim quadratic). The candidate list comes from the statement's snapshot; a row
   * that another relay published (or the purge deleted) in the meantime is a newer version or none,
   * fails the re-check of its row lock and is left out.
   */
  static Claim claim(DSLContext tx, int limit) {
    // Plain JDBC reading columns by position: this runs for every event, and looking fields up
    // by name in jOOQ records cost the relay more than the rest of the claim's client side. The
    // settings go in the same statement text, so they cost no round trip of their own.
    return tx.connectionResult(
        connection -> {
          List<ClaimedEvent> claimed = new ArrayList<>(limit);
          int candidates = 0;
          try (PreparedStatement query = connection.prepareStatement(CLAIM_JDBC)) {
            query.setInt(1, limit);
            boolean resultSet = query.execute();
            while (!resultSet) {
              if (query.getUpdateCount() == -1) {
                throw new IllegalStateException("the claim returned no rows");
              }
              resultSet = query.getMoreResults();
            }
            try (ResultSet r = query.getResultSet()) {
              while (r.next()) {
                candidates = r.getInt(14);
                String rowId = r.getString(1);
                if (rowId != null) {
                  claimed.add(toClaimed(r, rowId));
                }
              }
            }
          }
          return new Claim(claimed, candidates);
        });
  }

  /**
   * The claimed events minus those of aggregates with an earlier unpublished event that this claim
   * does not hold: each aggregate's claimed events must be the head of its backlog. The claim
   * already aims for that, but it reads its candidates in the statement's snapshot and skips rows
   * another transaction holds, so a row of an aggregate it holds can be left behind (locked
   * elsewhere, or returned to the backlog by a reconciliation after the snapshot); publishing the
   * aggregate's later events then would let them overtake it. This check runs as a new statement,
   * after the claim's locks are held, and sees every row committed until now. Dropped events stay
   * in the backlog (their rows are released with this transaction) and go out after the one before.
   */
  static List<ClaimedEvent> headsOfTheirAggregates(DSLContext tx, List<ClaimedEvent> claimed) {
    if (claimed.isEmpty()) {
      return claimed;
    }
    Map<ClaimedEvent.AggregateKey, Long> firstClaimed = new LinkedHashMap<>();
    for (ClaimedEvent event : claimed) {
      firstClaimed.merge(event.aggregate(), event.seq(), Math::min);
    }
    long highest = Collections.max(firstClaimed.values());
    Set<ClaimedEvent.AggregateKey> behind = new HashSet<>();
    // The backlog index yields the unpublished rows below the highest first claimed sequence: this
    // claim's own rows, and normally nothing else but those other workers or relays hold. They are
    // matched with the claimed aggregates here, not joined in SQL: with statistics taken while
    // the outbox was empty (its normal state) the planner joined a claim of 1,000 aggregates in a
    // nested loop, comparing every row with every aggregate (355 ms per batch instead of ~1 ms).
    UNPUBLISHED_BELOW.query(
        tx,
        results -> {
          try (ResultSet r = results.next()) {
            while (r.next()) {
              var key = new ClaimedEvent.AggregateKey(r.getString(1), r.getString(2));
              Long first = firstClaimed.get(key);
              if (first != null && r.getLong(3) < first) {
                behind.add(key);
              }
            }
          }
          return null;
        },
        highest);
    if (behind.isEmpty()) {
      return claimed;
    }
    return claimed.stream().filter(e -> !behind.contains(e.aggregate())).toList();
  }

  /**
   * The rows claimed, and how many unpublished rows the claim looked at (those of aggregates held
   * elsewhere included): a full count means more work is waiting.
   */
  record Claim(List<ClaimedEvent> events, int candidates) {}

  // The final left join keeps one row with the candidate count when nothing could be claimed.
  static final String CLAIM =
      """
      with candidate as materialized (
          select ctid, aggregate_type, aggregate_id
          from outbox_event
          where published_time is null
          order by seq
          limit {0}
      ), claimed as (
          select o.row_id, o.seq, o.event_id, o.aggregate_type, o.aggregate_id, o.aggregate_version,
                 o.aggregate_seq, o.subject, o.event_type, o.content_type, o.payload, o.headers, o.occur_time
          from candidate c
          cross join lateral (
              select e.ctid as row_id, e.* from outbox_event e
              where e.ctid = c.ctid and e.published_time is null
              for update skip locked
          ) o
          where pg_try_advisory_xact_lock({1}, hashtext(c.aggregate_type || '/' || c.aggregate_id))
      )
      select k.row_id::text as row_id, k.seq, k.event_id, k.aggregate_type, k.aggregate_id,
             k.aggregate_version, k.subject, k.event_type, k.content_type, k.payload,
             case when k.headers = '{}'::jsonb then null
                  else array(select h.key from jsonb_each_text(k.headers) h order by h.key)
             end as header_names,
             case when k.headers = '{}'::jsonb then null
                  else array(select h.value from jsonb_each_text(k.headers) h order by h.key)
             end as header_values,
             k.occur_time,
             n.candidates,
             coalesce(k.aggregate_seq, 0) as aggregate_seq
      from (select count(*)::int as candidates from candidate) n
      left join claimed k on true
      order by k.seq
      """;

  /**
   * Reads that must follow an index's order whatever the statistics say (the claim's candidates,
   * the reconciliation's pages): the outbox is mostly empty when statistics are taken, so the
   * planner's estimates are wrongest exactly when a backlog makes the plan matter.
   */
  private static final String INDEX_ORDER =
      "set local enable_bitmapscan = off; set local enable_seqscan = off";

  /**
   * Settings of the claim's transaction, sent in the claim's statement text.
   *
   * <ul>
   *   <li>The oldest rows of the backlog are always best read in index order, stopping after {@code
   *       limit}. With statistics that do not know the backlog yet (taken while it was empty, or
   *       never: autovacuum off), the planner reads the whole backlog through a bitmap and sorts it
   *       instead: 80 ms instead of 1 ms for a batch of 1,000 out of 100,000.
   *   <li>The marks need no wait for the WAL flush: losing them in a database crash only means
   *       publishing again, which the stream deduplicates.
   * </ul>
   */
  static final String CLAIM_SETTINGS = INDEX_ORDER + "; set local synchronous_commit = off";

  private static final String CLAIM_JDBC =
      CLAIM_SETTINGS
          + ";\n"
          + CLAIM.replace("{0}", "?").replace("{1}", Integer.toString(LOCK_CLASS));

  // The statements every batch runs besides the claim, and the other reads of the stream's mark,
  // rendered once: jOOQ parsed and rendered their plain-SQL templates on every batch, about a third
  // of the relay threads' samples in a profile of the CreateTicket benchmark.

  /** The unpublished rows below a sequence: {@link #headsOfTheirAggregates}. */
  private static final FixedStatement UNPUBLISHED_BELOW =
      FixedStatement.of(
          List.of("below"),
          DSL.query(
              "select aggregate_type, aggregate_id, seq from outbox_event"
                  + " where published_time is null and seq < {0}",
              DSL.param("below", SQLDataType.BIGINT)));

  /** {@link #markPublished}. */
  private static final FixedStatement MARK_PUBLISHED =
      FixedStatement.of(
          List.of("row_ids", "stream_seqs"),
          DSL.query(
              "update outbox_event o set published_time = clock_timestamp(), stream_seq = v.seq"
                  + " from unnest({0}::tid[], {1}) as v(row_id, seq) where o.ctid = v.row_id",
              DSL.param("row_ids", SQLDataType.VARCHAR.array()),
              DSL.param("stream_seqs", SQLDataType.BIGINT.array())));

  /** {@link #shareStreamMark}: the fence of every claim. */
  private static final FixedStatement SHARE_STREAM_MARK = streamMarkRead(" for share");

  private static final FixedStatement LOCK_STREAM_MARK = streamMarkRead(" for update");

  private static final FixedStatement STREAM_MARK = streamMarkRead("");

  private static FixedStatement streamMarkRead(String lock) {
    return FixedStatement.of(
        List.of("stream"),
        DSL.query(
            "select created_time, first_seq, last_seq, messages, lost_events, loss_time"
                + " from outbox_stream where stream = {0}"
                + lock,
            DSL.param("stream", SQLDataType.VARCHAR)));
  }

  /**
   * Stamps published rows with their stream sequence. The rows are the ones this transaction
   * claimed and still holds locked, found by their {@link ClaimedEvent#rowId() row ids}.
   */
  static void markPublished(DSLContext tx, List<String> rowIds, List<Long> streamSequences) {
    if (rowIds.isEmpty()) {
      return;
    }
    MARK_PUBLISHED.query(
        tx, results -> null, rowIds.toArray(String[]::new), streamSequences.toArray(Long[]::new));
  }

  /** Returns rows the stream lost to the backlog, unless something changed them meanwhile. */
  static int markUnpublished(DSLContext dsl, Collection<PublishedRow> rows) {
    if (rows.isEmpty()) {
      return 0;
    }
    return dsl.execute(
        "update outbox_event o set published_time = null, stream_seq = null"
            + " from unnest({0}, {1}) as v(id, seq) where o.event_id = v.id and o.stream_seq = v.seq",
        val(rows.stream().map(PublishedRow::eventId).toArray(UUID[]::new)),
        val(rows.stream().map(PublishedRow::streamSeq).toArray(Long[]::new)));
  }

  /**
   * Returns to the backlog rows published in [{@code from}, {@code until}) whose recorded stream
   * sequence lies beyond {@code lastSequence}.
   */
  static int markUnpublishedBeyond(
      DSLContext dsl, long lastSequence, OffsetDateTime from, OffsetDateTime until) {
    return dsl.update(OUTBOX_EVENT)
        .setNull(PUBLISHED_TIME)
        .setNull(STREAM_SEQ)
        .where(STREAM_SEQ.gt(lastSequence))
        .and(PUBLISHED_TIME.ge(from))
        .and(PUBLISHED_TIME.lt(until))
        .execute();
  }

  /** A published row as reconciliation sees it. */
  record PublishedRow(UUID eventId, long streamSeq) {}

  /**
   * Published rows with a stream sequence above {@code afterSeq}, published in [{@code from},
   * {@code until}), in stream order. Runs in {@code tx}, read in the stream-sequence index's order
   * whatever the statistics say: with statistics of a nearly empty outbox the planner combined both
   * indexes into a bitmap and sorted every row of the window for each page (47 ms a page of 5,000
   * out of 100,000, so a full pass grew with the square of the window).
   */
  static List<PublishedRow> publishedPage(
      DSLContext tx, OffsetDateTime from, OffsetDateTime until, long afterSeq, int limit) {
    tx.execute(INDEX_ORDER + "; set local enable_sort = off");
    return tx.select(EVENT_ID, STREAM_SEQ)
        .from(OUTBOX_EVENT)
        .where(STREAM_SEQ.gt(afterSeq))
        .and(PUBLISHED_TIME.ge(from))
        .and(PUBLISHED_TIME.lt(until))
        .orderBy(STREAM_SEQ)
        .limit(limit)
        .fetch(r -> new PublishedRow(r.value1(), r.value2()));
  }

  static OffsetDateTime clock(DSLContext dsl) {
    return dsl.select(CLOCK).fetchSingle().value1();
  }

  /** The unpublished rows: how many, and how long the oldest has waited (empty: none). */
  record Backlog(long count, Optional<Duration> oldestAge) {}

  /**
   * Counts the backlog and measures its oldest row's wait on the database's clock (no skew with the
   * writers, which stamp {@code create_time} there). The oldest is the lowest {@code seq}, read
   * through the backlog index.
   */
  static Backlog backlog(DSLContext dsl) {
    var row =
        dsl.fetchOne(
            "select (select count(*) from outbox_event where published_time is null),"
                + " (select extract(epoch from clock_timestamp() - create_time) * 1000"
                + "  from outbox_event where published_time is null order by seq limit 1)");
    long count = row.get(0, Long.class);
    Number millis = row.get(1, java.math.BigDecimal.class);
    return new Backlog(
        count, Optional.ofNullable(millis).map(m -> Duration.ofMillis(Math.max(0, m.longValue()))));
  }

  /** What the relays last saw of their stream ({@code outbox_stream}). */
  record StreamMark(
      OffsetDateTime createdTime,
      long firstSeq,
      long lastSeq,
      long messages,
      long lostEvents,
      Optional<OffsetDateTime> lossTime) {}

  /** The stream's mark, locked until the transaction ends; empty before the first look. */
  static Optional<StreamMark> lockStreamMark(DSLContext tx, String stream) {
    return LOCK_STREAM_MARK.query(tx, OutboxStore::mark, stream);
  }

  /**
   * The stream's mark, share-locked until the transaction ends: the fence of a claim. Every
   * transaction that returns published rows to the backlog holds the mark {@code FOR UPDATE}
   * ({@link #lockStreamMark}), so it waits for the claims in flight to end, and a claim that takes
   * the fence after it sees the returned rows. Empty before the first look.
   */
  static Optional<StreamMark> shareStreamMark(DSLContext tx, String stream) {
    return SHARE_STREAM_MARK.query(tx, OutboxStore::mark, stream);
  }

  /** The stream's mark as last written, without a lock. */
  static Optional<StreamMark> streamMark(DSLContext dsl, String stream) {
    return STREAM_MARK.query(dsl, OutboxStore::mark, stream);
  }

  /** Writes the stream's mark (inserting it at the first look). */
  static void saveStreamMark(
      DSLContext tx, String stream, StreamMark mark, OffsetDateTime checkTime) {
    tx.execute(
        "insert into outbox_stream as s (stream, created_time, first_seq, last_seq, messages,"
            + " check_time, lost_events, loss_time)"
            + " values (?, ?::timestamptz, ?, ?, ?, ?::timestamptz, ?, ?::timestamptz)"
            + " on conflict (stream) do update set created_time = excluded.created_time,"
            + " first_seq = excluded.first_seq, last_seq = excluded.last_seq,"
            + " messages = excluded.messages, check_time = excluded.check_time,"
            + " lost_events = excluded.lost_events, loss_time = excluded.loss_time",
        stream,
        mark.createdTime(),
        mark.firstSeq(),
        mark.lastSeq(),
        mark.messages(),
        checkTime,
        mark.lostEvents(),
        mark.lossTime().orElse(null));
  }

  /**
   * Published rows that recorded a stream sequence in [{@code fromSeq}, {@code toSeq}] and were
   * published in [{@code from}, {@code until}): what reconciliation can restore of a lost range.
   */
  static long countPublished(
      DSLContext dsl, long fromSeq, long toSeq, OffsetDateTime from, OffsetDateTime until) {
    return dsl.fetchCount(
        OUTBOX_EVENT,
        STREAM_SEQ
            .between(fromSeq, toSeq)
            .and(PUBLISHED_TIME.ge(from))
            .and(PUBLISHED_TIME.lt(until)));
  }

  /**
   * Returns to the backlog rows published in [{@code from}, {@code until}) before {@code
   * createdTime}: they went into an earlier incarnation of a stream that was re-created since.
   */
  static int markUnpublishedBefore(
      DSLContext dsl, OffsetDateTime createdTime, OffsetDateTime from, OffsetDateTime until) {
    return dsl.update(OUTBOX_EVENT)
        .setNull(PUBLISHED_TIME)
        .setNull(STREAM_SEQ)
        .where(PUBLISHED_TIME.lt(createdTime))
        .and(PUBLISHED_TIME.ge(from))
        .and(PUBLISHED_TIME.lt(until))
        .execute();
  }

  /** Deletes published rows older than {@code retention}, at most {@code limit}. */
  static int purge(DSLContext dsl, Duration retention, int limit) {
    return dsl.execute(
        "delete from outbox_event where event_id in (select event_id from outbox_event"
            + " where published_time < clock_timestamp() - {0} * interval '1 millisecond'"
            + " limit {1})",
        val(retention.toMillis()), val(limit));
  }

  /** The stream's mark read by one of the {@link #streamMarkRead} statements; empty: no row. */
  private static Optional<StreamMark> mark(FixedStatement.Results results) throws SQLException {
    try (ResultSet r = results.next()) {
      if (!r.next()) {
        return Optional.empty();
      }
      return Optional.of(
          new StreamMark(
              r.getObject(1, OffsetDateTime.class),
              r.getLong(2),
              r.getLong(3),
              r.getLong(4),
              r.getLong(5),
              Optional.ofNullable(r.getObject(6, OffsetDateTime.class))));
    }
  }

  private static ClaimedEvent toClaimed(ResultSet r, String rowId) throws SQLException {
    Array names = r.getArray(11);
    Map<String, String> headers;
    if (names == null) {
      headers = Map.of();
    } else {
      String[] keys = (String[]) names.getArray();
      String[] values = (String[]) r.getArray(12).getArray();
      headers = new LinkedHashMap<>();
      for (int i = 0; i < keys.length; i++) {
        headers.put(keys[i], values[i]);
      }
    }
    return new ClaimedEvent(
        rowId,
        r.getLong(2),
        r.getObject(3, UUID.class),
        r.getString(4),
        r.getString(5),
        r.getLong(6),
        r.getLong(15),
        r.getString(7),
        r.getString(8),
        r.getString(9),
        r.getBytes(10),
        headers,
        r.getObject(13, OffsetDateTime.class));
  }
}
