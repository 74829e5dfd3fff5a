package dev.fieldops.nats.outbox;

import dev.fieldops.nats.EventHeaders;
import dev.fieldops.nats.outbox.OutboxStore.PublishedRow;
import io.nats.client.ConsumeOptions;
import io.nats.client.Connection;
import io.nats.client.IterableConsumer;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamStatusCheckedException;
import io.nats.client.Message;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.OrderedConsumerConfiguration;
import io.nats.client.api.StreamState;
import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that the stream still holds what the outbox recorded as published, and returns whatever
 * it lost to the backlog.
 *
 * <p>nats-server acknowledges a message before it reaches the disk (it syncs lazily), so an
 * operating-system crash can lose acknowledged messages, and after the restart new messages may
 * even reuse their sequence numbers. A row is therefore only trusted when the message at its
 * recorded sequence carries its event id. The stream is read once, in order, headers only, with an
 * ordered consumer, and merged with the published rows sorted by sequence. Rows below the stream's
 * first sequence are left alone: the stream's own limits (age, size) removed them on purpose.
 */
final class Reconciler {

  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
  private static final int PAGE = 5_000;
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
  private static final int SCAN_BATCH = 2_000;

  private final DSLContext dsl;
  private final Connection connection;
  private final RelayConfig config;

  Reconciler(DSLContext dsl, Connection connection, RelayConfig config) {
    this.dsl = dsl;
    this.connection = connection;
    this.config = config;
  }

  /**
   * The quick check, run before a relay takes new work: rows recorded beyond the stream's last
   * sequence (the tail a crashed server lost, or everything when the stream was recreated) go back
   * to the backlog. Returns how many.
   */
  int resetBeyondStreamEnd() throws IOException, JetStreamApiException {
    OffsetDateTime until = OutboxStore.clock(dsl);
    long last = connection.jetStreamManagement().getStreamInfo(config.stream()).getStreamState()
        .getLastSequence();
    int returned = OutboxStore.markUnpublishedBeyond(
        dsl, last, until.minus(config.reconcileWindow()), until);
    if (returned > 0) {
      log.warn("stream {} ends at sequence {}: {} event(s) recorded beyond it are published again",
          config.stream(), last, returned);
    }
    return returned;
  }

  /**
   * The full check: every row published within the reconcile window is compared with the message
   * at its sequence; returns how many rows went back to the backlog. Stops early (between pages)
   * when {@code keepGoing} turns false.
   */
  int reconcile(BooleanSupplier keepGoing)
      throws IOException, JetStreamApiException, InterruptedException {
    // Only rows published before this instant are judged against the stream state read next:
    // a row published later may legitimately sit beyond the state's last sequence.
    OffsetDateTime until = OutboxStore.clock(dsl);
    StreamState state = connection.jetStreamManagement().getStreamInfo(config.stream())
        .getStreamState();
    long first = state.getFirstSequence();
    long last = state.getLastSequence();
    OffsetDateTime from = until.minus(config.reconcileWindow());

    List<PublishedRow> missing = new ArrayList<>();
    int returned = 0;
    long checked = 0;
    long cursor = 0;
    try (var scanner = new Scanner()) {
      while (keepGoing.getAsBoolean()) {
        List<PublishedRow> page = OutboxStore.publishedPage(dsl, from, until, cursor, PAGE);
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
          returned += OutboxStore.markUnpublished(dsl, missing);
          missing.clear();
        }
      }
    }
    returned += OutboxStore.markUnpublished(dsl, missing);
    if (returned > 0) {
      log.warn("stream {} lost {} of {} published event(s) checked; they are published again",
          config.stream(), returned, checked);
    } else {
      log.debug("stream {} holds all {} published event(s) checked", config.stream(), checked);
    }
    return returned;
  }

  /** Reads the stream forward, headers only, to find the message id stored at a sequence. */
  private final class Scanner implements AutoCloseable {
    private IterableConsumer messages;
    private long currentSeq = -1;
    private String currentId;
    private boolean drained;

    /** The {@code Nats-Msg-Id} stored at {@code seq}, or null when no message is there. */
    String idAt(long seq) throws IOException, JetStreamApiException, InterruptedException {
      if (messages == null) {
        messages =
            connection
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
