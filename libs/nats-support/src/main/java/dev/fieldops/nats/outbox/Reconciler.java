package dev.fieldops.nats.outbox;

import dev.fieldops.jooq.Transactor;
import dev.fieldops.nats.EventHeaders;
import dev.fieldops.nats.JetStreamErrors;
import dev.fieldops.nats.TrackedConnection;
import dev.fieldops.nats.outbox.OutboxStore.PublishedRow;
import dev.fieldops.nats.outbox.OutboxStore.StreamMark;
import io.nats.client.ConsumeOptions;
import io.nats.client.IterableConsumer;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamStatusCheckedException;
import io.nats.client.Message;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.OrderedConsumerConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamState;
import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that the stream still holds what the outbox recorded as published, and returns whatever it
 * lost to the backlog.
 *
 * <p>nats-server acknowledges a message before it reaches the disk (it syncs lazily), so an
 * operating-system crash can lose acknowledged messages, and after the restart new messages may
 * even reuse their sequence numbers. A row is therefore only trusted when the message at its
 * recorded sequence carries its event id. The stream is read once, in order, headers only, with an
 * ordered consumer, and merged with the published rows sorted by sequence; or, where the service's
 * identity may not create consumers on its stream, message by message ({@link
 * RelayConfig.StreamReading}). Rows below the stream's first sequence are left alone: the stream's
 * own limits (age, size) removed them on purpose.
 *
 * <p>Only rows still in the outbox can be published again: a broker data loss is repaired back to
 * the reconcile window (at most the outbox retention); what the stream held beyond it is counted
 * and reported by {@link #checkStream()}.
 */
final class Reconciler {

  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
  private static final int PAGE = 5_000;
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
  // Messages fetched ahead by the scan. With 2,000 a service's start read enough messages, headers
  // parsed, at once to outlive a young generation of a few MB: the old generation grew by 50-60 MB
  // for a 12 MB stream (telemetry's idle RSS with it), and the scan was no faster (measured with
  // OutboxRelayBenchmark's 100,000 rows).
  private static final int SCAN_BATCH = 256;

  private final DSLContext dsl;
  private final Transactor transactor;
  private final TrackedConnection nats;
  private final RelayConfig config;

  Reconciler(DSLContext dsl, Transactor transactor, TrackedConnection nats, RelayConfig config) {
    this.dsl = dsl;
    this.transactor = transactor;
    this.nats = nats;
    this.config = config;
  }

  /**
   * What {@link #checkStream} found.
   *
   * @param returned rows that went back to the backlog, to be published again
   * @param lost whether the stream lost messages since the last look (it was re-created, or its
   *     tail is gone)
   * @param unrestorable of the messages it lost, how many the outbox no longer holds (published
   *     before the reconcile window, or purged): lost for good
   * @param mark the stream's mark after this look, with the latest loss report
   */
  record StreamCheck(int returned, boolean lost, long unrestorable, StreamMark mark) {}

  /**
   * The quick check, run before a relay takes new work and every few seconds. It compares the
   * stream with what the relays last saw of it ({@code outbox_stream}, under its row lock, so that
   * of several relays one reports a loss):
   *
   * <ul>
   *   <li>rows recorded beyond the stream's last sequence (the tail a crashed server lost, or
   *       everything when the stream is new and empty) go back to the backlog;
   *   <li>when the stream was re-created since (another creation time: the broker lost its data),
   *       so do all rows published into the earlier one within the reconcile window;
   *   <li>what the stream held and the outbox cannot restore (published before the window, or
   *       purged) is counted, logged as an error and recorded for health.
   * </ul>
   */
  StreamCheck checkStream() throws IOException, JetStreamApiException {
    OffsetDateTime until = OutboxStore.clock(dsl);
    StreamInfo info = nats.management().getStreamInfo(config.stream());
    StreamState state = info.getStreamState();
    OffsetDateTime created = info.getCreateTime().toOffsetDateTime().truncatedTo(ChronoUnit.MICROS);
    OffsetDateTime from = until.minus(config.reconcileWindow());
    return transactor.inTransaction(
        tx -> {
          Optional<StreamMark> previous = OutboxStore.lockStreamMark(tx, config.stream());
          boolean recreated =
              previous.isPresent() && !previous.get().createdTime().isEqual(created);
          boolean lostTail =
              previous.isPresent()
                  && !recreated
                  && state.getLastSequence() < previous.get().lastSeq();
          long unrestorable = 0;
          if (recreated || lostTail) {
            StreamMark before = previous.get();
            long lostFrom = recreated ? before.firstSeq() : state.getLastSequence() + 1;
            long lostMessages =
                recreated ? before.messages() : before.lastSeq() - state.getLastSequence();
            // Of a re-created stream, only rows published before its re-creation went into the old
            // one.
            OffsetDateTime restorableUntil = recreated && created.isBefore(until) ? created : until;
            long restorable =
                before.lastSeq() < lostFrom
                    ? 0
                    : OutboxStore.countPublished(
                        tx, lostFrom, before.lastSeq(), from, restorableUntil);
            unrestorable = Math.max(0, lostMessages - restorable);
          }
          if (recreated) {
            removeStrays(created);
          }
          int returned =
              OutboxStore.markUnpublishedBeyond(tx, state.getLastSequence(), from, until);
          if (recreated) {
            returned += OutboxStore.markUnpublishedBefore(tx, created, from, until);
          }
          StreamMark after =
              new StreamMark(
                  created,
                  state.getFirstSequence(),
                  state.getLastSequence(),
                  state.getMsgCount(),
                  unrestorable > 0 ? unrestorable : previous.map(StreamMark::lostEvents).orElse(0L),
                  unrestorable > 0 ? Optional.of(until) : previous.flatMap(StreamMark::lossTime));
          OutboxStore.saveStreamMark(tx, config.stream(), after, until);
          if (recreated) {
            log.warn(
                "stream {} was re-created since the last look (the broker lost its data, or the"
                    + " stream was deleted): {} event(s) recorded in the outbox are published again",
                config.stream(),
                returned);
          } else if (returned > 0) {
            log.warn(
                "stream {} ends at sequence {}: {} event(s) recorded beyond it are published"
                    + " again",
                config.stream(),
                state.getLastSequence(),
                returned);
          }
          if (unrestorable > 0) {
            log.error(
                "stream {} lost {} event(s) that cannot be restored: they were published more"
                    + " than {} ago and the outbox no longer holds them (the outbox retention,"
                    + " OUTBOX_RETENTION, bounds how far back a broker data loss is repaired)",
                config.stream(),
                unrestorable,
                config.reconcileWindow());
          }
          return new StreamCheck(returned, recreated || lostTail, unrestorable, after);
        });
  }

  /**
   * Removes what a re-created stream holds at its first check. No relay publishes into an
   * incarnation its claim's mark does not record (the fence in {@link OutboxRelay}), and the mark
   * still records the lost one until this check commits, so whatever is there was sent before the
   * loss and delivered after it: the NATS client keeps the publishes it had queued when the
   * connection broke and sends them after reconnecting, into the new stream, ahead of the events
   * the loss returns to the backlog. Their rows are unpublished (no claim recorded them) and are
   * published again in order; the stream's duplicate window may hold them back until it has passed.
   * Removing needs {@code $JS.API.STREAM.MSG.DELETE.<stream>}; without it the strays stay, reported
   * as an error, and consumers in publish order still apply their aggregates in order.
   */
  private void removeStrays(OffsetDateTime created) {
    // Reading the stream may fail like the rest of the check (which is retried); removing may be
    // refused (permissions), which is reported.
    StreamInfo now;
    try {
      now = nats.management().getStreamInfo(config.stream());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (JetStreamApiException e) {
      throw new IllegalStateException("reading stream " + config.stream() + " failed", e);
    }
    OffsetDateTime nowCreated =
        now.getCreateTime().toOffsetDateTime().truncatedTo(ChronoUnit.MICROS);
    StreamState state = now.getStreamState();
    if (!nowCreated.isEqual(created) || state.getMsgCount() == 0) {
      return;
    }
    int removed = 0;
    try {
      for (long seq = state.getFirstSequence(); seq <= state.getLastSequence(); seq++) {
        try {
          if (nats.management().deleteMessage(config.stream(), seq, false)) {
            removed++;
          }
        } catch (JetStreamApiException e) {
          if (e.getErrorCode() != 404) {
            throw e;
          }
        }
      }
    } catch (JetStreamApiException | IOException | RuntimeException e) {
      log.error(
          "stream {} received {} message(s) sent before the broker lost its data; removing them"
              + " failed ({}): their aggregates' earlier events, published again now, follow"
              + " them in the stream",
          config.stream(),
          state.getMsgCount(),
          e.getMessage());
      return;
    }
    log.warn(
        "stream {} received {} message(s) sent before the broker lost its data, ahead of the"
            + " events the loss returns to the backlog: removed them; they are published again in"
            + " order",
        config.stream(),
        removed);
  }

  /**
   * The full check: every row published within the reconcile window is compared with the message at
   * its sequence; returns how many rows went back to the backlog. Stops early (between pages) when
   * {@code keepGoing} turns false.
   */
  int reconcile(BooleanSupplier keepGoing)
      throws IOException, JetStreamApiException, InterruptedException {
    // Only rows published before this instant are judged against the stream state read next:
    // a row published later may legitimately sit beyond the state's last sequence.
    OffsetDateTime until = OutboxStore.clock(dsl);
    StreamState state = nats.management().getStreamInfo(config.stream()).getStreamState();
    long first = state.getFirstSequence();
    long last = state.getLastSequence();
    OffsetDateTime from = until.minus(config.reconcileWindow());

    List<PublishedRow> missing = new ArrayList<>();
    int returned = 0;
    long checked = 0;
    long cursor = 0;
    try (StreamReader scanner =
        config.streamReading() == RelayConfig.StreamReading.SINGLE_MESSAGES
            ? new SingleMessages()
            : new Scanner()) {
      while (keepGoing.getAsBoolean()) {
        long after = cursor;
        List<PublishedRow> page =
            transactor.inTransaction(tx -> OutboxStore.publishedPage(tx, from, until, after, PAGE));
        if (page.isEmpty()) {
          break;
        }
        for (PublishedRow row : page) {
          cursor = row.streamSeq();
          checked++;
          if (row.streamSeq() < first) {
            continue;
          }
          if (row.streamSeq() > last
              || !row.eventId().toString().equals(scanner.idAt(row.streamSeq()))) {
            missing.add(row);
          }
        }
        if (missing.size() >= PAGE) {
          returned += returnToBacklog(missing);
          missing.clear();
        }
      }
    }
    returned += returnToBacklog(missing);
    if (returned > 0) {
      log.warn(
          "stream {} lost {} of {} published event(s) checked; they are published again",
          config.stream(),
          returned,
          checked);
    } else {
      log.debug("stream {} holds all {} published event(s) checked", config.stream(), checked);
    }
    return returned;
  }

  /**
   * Returns rows to the backlog under the stream mark's row lock, like {@link #checkStream}: the
   * claims in flight (which share-lock it) end first, and every later claim sees the rows back in
   * the backlog before it publishes a later event of their aggregates.
   */
  private int returnToBacklog(List<PublishedRow> rows) {
    if (rows.isEmpty()) {
      return 0;
    }
    return transactor.inTransaction(
        tx -> {
          OutboxStore.lockStreamMark(tx, config.stream());
          return OutboxStore.markUnpublished(tx, rows);
        });
  }

  /**
   * Whether {@code stream}, as the server describes it now, is the incarnation {@code mark}
   * recorded and still holds its tail (its last sequence did not go back): then nothing it lost is
   * waiting to be returned to the backlog.
   */
  static boolean unchangedSince(StreamMark mark, StreamInfo stream) {
    OffsetDateTime created =
        stream.getCreateTime().toOffsetDateTime().truncatedTo(ChronoUnit.MICROS);
    return mark.createdTime().isEqual(created)
        && stream.getStreamState().getLastSequence() >= mark.lastSeq();
  }

  /** What the full pass asks of the stream, in increasing sequence order. */
  private interface StreamReader extends AutoCloseable {
    /** The {@code Nats-Msg-Id} stored at {@code seq}, or null when no message is there. */
    String idAt(long seq) throws IOException, JetStreamApiException, InterruptedException;

    @Override
    void close();
  }

  /** Asks for each sequence on its own ({@code $JS.API.STREAM.MSG.GET}). */
  private final class SingleMessages implements StreamReader {
    @Override
    public String idAt(long seq) throws IOException, JetStreamApiException {
      MessageInfo stored;
      try {
        stored = nats.management().getMessage(config.stream(), seq);
      } catch (JetStreamApiException e) {
        if (e.getApiErrorCode() == JetStreamErrors.NO_MESSAGE_FOUND) {
          return null;
        }
        throw e;
      }
      return stored.getHeaders() == null
          ? null
          : stored.getHeaders().getFirst(EventHeaders.NATS_MSG_ID);
    }

    @Override
    public void close() {}
  }

  /** Reads the stream forward with an ordered consumer, headers only. */
  private final class Scanner implements StreamReader {
    private IterableConsumer messages;
    private long currentSeq = -1;
    private String currentId;
    private boolean drained;

    @Override
    public String idAt(long seq) throws IOException, JetStreamApiException, InterruptedException {
      if (messages == null) {
        messages =
            nats.connection()
                .getStreamContext(config.stream())
                .createOrderedConsumer(
                    new OrderedConsumerConfiguration()
                        .deliverPolicy(DeliverPolicy.ByStartSequence)
                        .startSequence(seq)
                        .headersOnly(true))
                .iterate(ConsumeOptions.builder().batchSize(SCAN_BATCH).build());
      }
      while (currentSeq < seq) {
        if (drained) {
          return null;
        }
        Message message;
        try {
          message = messages.nextMessage(READ_TIMEOUT);
        } catch (JetStreamStatusCheckedException e) {
          throw new IOException("reading stream " + config.stream() + " failed", e);
        }
        if (message == null) {
          drained = true;
          return null;
        }
        currentSeq = message.metaData().streamSequence();
        currentId =
            message.getHeaders() == null
                ? null
                : message.getHeaders().getFirst(EventHeaders.NATS_MSG_ID);
        drained = message.metaData().pendingCount() == 0;
      }
      return currentSeq == seq ? currentId : null;
    }

    @Override
    public void close() {
      if (messages != null) {
        messages.stop();
      }
    }
  }
}
