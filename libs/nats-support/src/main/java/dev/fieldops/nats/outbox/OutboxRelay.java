package dev.fieldops.nats.outbox;

import dev.fieldops.jooq.ChannelListener;
import dev.fieldops.jooq.Database;
import dev.fieldops.jooq.DatabaseConfig;
import dev.fieldops.jooq.SqlFailures;
import dev.fieldops.jooq.Transactor;
import dev.fieldops.nats.ConnectionState;
import dev.fieldops.nats.StreamKeeper;
import dev.fieldops.nats.TrackedConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes committed outbox rows to JetStream; one per service process, and running several
 * (several replicas of a service) is safe.
 *
 * <p>How it works. Each worker thread loops: claim a batch of the oldest unpublished rows in one
 * transaction (a transaction-scoped advisory lock per aggregate, then {@code FOR UPDATE SKIP
 * LOCKED} on the rows, so two relays or workers never work on the same aggregate), publish them
 * asynchronously with a bounded window of outstanding acknowledgements, then stamp each
 * acknowledged row with its stream sequence and commit. A worker that claimed a full batch wakes
 * the next one, so under load one publishes while another claims or marks, and a worker that
 * published anything looks again before it sleeps (an aggregate's next event, committed while the
 * worker held the aggregate, was skipped by whichever worker its wake-up reached). Workers wake on
 * the {@code outbox} notification that an insert sends at commit, directly from a writer of this
 * process ({@link #writer()}), and on a poll: the table is the truth, never a "highest id seen"
 * watermark (identity values commit out of order, so a watermark would skip a row committed late).
 *
 * <p>Guarantees.
 *
 * <ul>
 *   <li>Every committed event reaches the stream; rolled-back ones never exist. Delivery into the
 *       stream is at least once, and once after deduplication: the event id is the {@code
 *       Nats-Msg-Id}, so a relay that died between publishing and committing its marks (or two
 *       relays racing) is deduplicated within the stream's duplicate window.
 *   <li>Events of one aggregate enter the stream in the order they were appended, which is version
 *       order (an aggregate's changes commit one after another under its optimistic lock; events of
 *       one change keep their list order), and a failed publish never lets a later event of its
 *       aggregate overtake it.
 *   <li>A NATS outage never fails a writer. The relay stops claiming while disconnected and the
 *       backlog drains after the reconnect.
 *   <li>After start and after every reconnect, the relay checks that the stream still holds what it
 *       recorded, and publishes again whatever the server lost. Before it takes new work, rows
 *       recorded beyond the stream's last sequence go back to the backlog (what a crash of the
 *       server's machine loses is the tail: nats-server acknowledges before it syncs); then, in the
 *       background, every row published within the reconcile window is compared with the message
 *       stored at its sequence (deleted messages, sequences reused after a lost tail).
 *   <li>A stream lost while the service runs is repaired without a restart. With a {@link
 *       StreamKeeper} the relay publishes only while the stream is there, asks the keeper to look
 *       when a publish fails, and reconciles as above when the keeper re-created the stream. Every
 *       few seconds it also compares the stream with what it last saw of it ({@code
 *       outbox_stream}): a stream re-created by another replica, or a lost tail, is noticed the
 *       same way, and events lost for good (older than the outbox retention) are counted, logged
 *       and reported in {@link RelayState#lostEvents()}.
 *   <li>Published rows are purged after the retention period.
 * </ul>
 *
 * <p>Several replicas after a broker loss. Claims alone keep an aggregate's events in order only
 * while the stream keeps what it acknowledged. The hazard without more: relay B claims {@code X} v5
 * and checks that no earlier event of {@code X} is unpublished (v3 and v4 are published); the
 * broker loses v3 and v4 (its store is gone, the stream is re-created empty); relay A's check
 * returns v3 and v4 to the backlog and commits; B, whose claim and check predate that return,
 * publishes v5 into the new stream, and v3 and v4 follow it. Hence three rules:
 *
 * <ul>
 *   <li>The stream's row in {@code outbox_stream} is the fence. A claim share-locks it first; every
 *       transaction that returns rows to the backlog (the quick check, the full pass) locks it for
 *       update. A return waits for the claims in flight, and a claim taken after it sees the
 *       returned rows in its head check.
 *   <li>A claim publishes only into the incarnation the row records: before publishing it compares
 *       the stream's creation time and last sequence with the row; a stream re-created, or one that
 *       lost its tail, is not published into until a check has returned what it lost (the relay
 *       asks for that check). Waves stop when the connection was re-established meanwhile.
 *   <li>A claim records its acknowledgements only if the stream is still that incarnation after
 *       them: acknowledgements from a stream lost while the batch waited would otherwise keep those
 *       events out of what the check returns, while their successors go out.
 * </ul>
 *
 * One path remains outside the relay's control: the NATS client keeps the publishes it had queued
 * when the connection broke and sends them after reconnecting. Reaching a re-created stream before
 * its first check, they would stand ahead of the events the loss returns; that check removes them
 * ({@link Reconciler}), and they are published again in order once the stream's duplicate window
 * lets them.
 *
 * <p>Each worker holds one pooled connection while it works (and worker 0 briefly a second one for
 * housekeeping); size the pool for it. The claim transaction stays open while acknowledgements
 * arrive, so {@link RelayConfig#ackTimeout()} must stay below the pool's idle-in-transaction
 * timeout.
 */
public final class OutboxRelay implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
  private static final long BACKLOG_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long PURGE_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static final int PURGE_CHUNK = 5_000;
  private static final long MAX_RECONCILE_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(30);
  private static final Duration LISTEN_VALIDATE_AFTER = Duration.ofSeconds(30);
  private static final long STREAM_CHECK_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final RelayConfig config;
  private final DSLContext dsl;
  private final Transactor transactor;
  private final TrackedConnection nats;
  private final StreamKeeper keeper;
  private final EventPublisher publisher;
  private final Reconciler reconciler;
  private final ChannelListener listener;
  private final Clock clock = Clock.systemUTC();
  private final Semaphore wake = new Semaphore(0);
  private final AtomicBoolean reconcileRequested = new AtomicBoolean(true);
  private final AtomicBoolean fullPassRunning = new AtomicBoolean();
  private volatile boolean fullPassPending;
  private final Consumer<ConnectionState> onConnectionChange;

  private final AtomicLong backlog = new AtomicLong();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong republished = new AtomicLong();
  private final AtomicLong reconciliations = new AtomicLong();
  private final AtomicLong purged = new AtomicLong();
  private final AtomicReference<String> lastError = new AtomicReference<>();
  private final AtomicReference<Instant> lastErrorTime = new AtomicReference<>();
  private final AtomicReference<Instant> lastPublishTime = new AtomicReference<>();
  private final AtomicReference<Optional<Duration>> oldestUnpublishedAge =
      new AtomicReference<>(Optional.empty());
  private final AtomicReference<Instant> publishFailingSince = new AtomicReference<>();
  private final AtomicReference<OutboxStore.StreamMark> streamMark = new AtomicReference<>();
  private final Runnable onStreamCreated;

  // Set from a (re)connect until worker 0 has tried to reconcile: the other workers wait, so events
  // the server lost are queued again before newer ones of their aggregates go out.
  private volatile boolean reconcileGate = true;
  private volatile boolean running;
  private final List<Thread> workers = new ArrayList<>();
  private Thread listenerThread;

  private OutboxRelay(
      RelayConfig config,
      DSLContext dsl,
      Transactor transactor,
      DatabaseConfig database,
      TrackedConnection nats,
      StreamKeeper keeper) {
    this.config = config;
    this.dsl = dsl;
    this.transactor = transactor;
    this.nats = nats;
    this.keeper = keeper;
    this.publisher = new EventPublisher(nats, config);
    this.reconciler = new Reconciler(dsl, transactor, nats, config);
    // Losing the connection only costs latency (the relay also polls); on every (re)connect one
    // extra round finds what was committed while nobody listened.
    this.listener =
        new ChannelListener(
            database,
            Outbox.CHANNEL,
            LISTEN_VALIDATE_AFTER,
            new ChannelListener.Subscriber() {
              @Override
              public void listening() {
                wakeUp();
              }

              @Override
              public void notified(String payload) {
                wakeUp();
              }
            });
    // What the server lost is queued again before newer events of its aggregates go out.
    this.onStreamCreated =
        () -> {
          reconcileGate = true;
          reconcileRequested.set(true);
          wakeUp();
        };
    this.onConnectionChange =
        state -> {
          if (state == ConnectionState.CONNECTED) {
            onStreamCreated.run();
          }
        };
  }

  /**
   * Starts relaying the outbox of {@code database} to {@code nats}, into a stream somebody else
   * provisioned and keeps (tests, tools).
   */
  public static OutboxRelay start(Database database, TrackedConnection nats, RelayConfig config) {
    OutboxRelay relay = create(database, nats, null, config);
    relay.startThreads();
    return relay;
  }

  /**
   * Starts relaying the outbox of {@code database} to {@code nats}, into the stream {@code keeper}
   * keeps: the relay publishes while the stream is there and republishes what a lost stream held
   * when the keeper re-creates it. {@code nats} need not be connected yet.
   */
  public static OutboxRelay start(
      Database database, TrackedConnection nats, StreamKeeper keeper, RelayConfig config) {
    Objects.requireNonNull(keeper, "keeper");
    if (!keeper.spec().name().equals(config.stream())) {
      throw new IllegalArgumentException(
          "the keeper keeps stream "
              + keeper.spec().name()
              + ", the relay publishes to "
              + config.stream());
    }
    OutboxRelay relay = create(database, nats, keeper, config);
    relay.startThreads();
    return relay;
  }

  /** A relay whose loop is not running, for tests that drive single steps. */
  static OutboxRelay create(Database database, TrackedConnection nats, RelayConfig config) {
    return create(database, nats, null, config);
  }

  private static OutboxRelay create(
      Database database, TrackedConnection nats, StreamKeeper keeper, RelayConfig config) {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(nats, "nats");
    Objects.requireNonNull(config, "config");
    return new OutboxRelay(
        config, database.dsl(), database.transactor(), database.config(), nats, keeper);
  }

  private synchronized void startThreads() {
    if (running) {
      return;
    }
    running = true;
    nats.addStateListener(onConnectionChange);
    if (keeper != null) {
      keeper.onCreated(
          () -> {
            if (running) {
              onStreamCreated.run();
            }
          });
    }
    for (int i = 0; i < config.workers(); i++) {
      int index = i;
      workers.add(
          Thread.ofPlatform()
              .daemon()
              .name("outbox-relay-" + config.stream() + "-" + i)
              .start(() -> loop(index)));
    }
    listenerThread = listener.start("outbox-listener-" + config.stream());
  }

  /**
   * Makes an idle worker look at the table now (the notification normally does this). One permit
   * wakes one worker; a worker that then finds a full batch wakes the next.
   */
  public void wakeUp() {
    if (wake.availablePermits() == 0) {
      wake.release();
    }
  }

  /**
   * A writer for this relay's database that, besides the notification every relay hears, wakes this
   * relay directly after each commit: the lowest latency for events written in this process.
   */
  public OutboxWriter writer() {
    return new OutboxWriter(transactor, this::wakeUp);
  }

  /** Schedules a reconciliation pass before the next batch. */
  public void requestReconciliation() {
    reconcileRequested.set(true);
    wakeUp();
  }

  public RelayState state() {
    OutboxStore.StreamMark mark = streamMark.get();
    return new RelayState(
        running,
        nats.state(),
        streamReady(),
        backlog.get(),
        oldestUnpublishedAge.get(),
        Optional.ofNullable(publishFailingSince.get()),
        published.get(),
        duplicates.get(),
        failures.get(),
        republished.get(),
        reconciliations.get(),
        purged.get(),
        mark == null ? 0 : mark.lostEvents(),
        mark == null ? Optional.empty() : mark.lossTime().map(OffsetDateTime::toInstant),
        Optional.ofNullable(lastError.get()),
        Optional.ofNullable(lastErrorTime.get()),
        Optional.ofNullable(lastPublishTime.get()));
  }

  private boolean streamReady() {
    return keeper == null || keeper.isReady();
  }

  /**
   * Stops taking work, lets the batch in flight collect its acknowledgements and commit its marks
   * (bounded by {@link RelayConfig#stopTimeout()}), and returns. Unpublished rows stay for the next
   * start; an event published but not yet marked is deduplicated when published again.
   */
  public void stop() {
    synchronized (this) {
      if (!running) {
        return;
      }
      running = false;
    }
    nats.removeStateListener(onConnectionChange);
    listener.stop();
    wake.release(workers.size());
    long deadline = System.nanoTime() + config.stopTimeout().toNanos();
    try {
      for (Thread w : workers) {
        w.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        if (w.isAlive()) {
          log.warn(
              "outbox relay {} did not finish its batch within {}; interrupting",
              config.stream(),
              config.stopTimeout());
          w.interrupt();
        }
      }
      listenerThread.join(config.stopTimeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.info("outbox relay {} stopped", config.stream());
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * One worker. Worker 0 also keeps house: reconciliation (before it claims anything after a
   * (re)connect), purging, and the backlog count.
   */
  private void loop(int index) {
    boolean housekeeper = index == 0;
    long nextBacklogRefresh = 0;
    long nextPurge = System.nanoTime();
    long nextReconcileAttempt = System.nanoTime();
    long nextStreamCheck = System.nanoTime() + STREAM_CHECK_EVERY_NANOS;
    long reconcilePauseNanos = config.pollInterval().toNanos();
    while (running) {
      boolean full = false;
      boolean again = false;
      if (nats.isConnected() && streamReady()) {
        try {
          if (housekeeper
              && reconcileRequested.get()
              && System.nanoTime() - nextReconcileAttempt >= 0) {
            // Cleared first: a reconnect during the pass asks for another one.
            reconcileRequested.set(false);
            nextStreamCheck = System.nanoTime() + STREAM_CHECK_EVERY_NANOS;
            if (checkStream() < 0) {
              // JetStream may not answer yet right after a server restart: try again, backing
              // off, and let publishing go on meanwhile.
              reconcileRequested.set(true);
              nextReconcileAttempt = System.nanoTime() + reconcilePauseNanos;
              reconcilePauseNanos = Math.min(reconcilePauseNanos * 2, MAX_RECONCILE_PAUSE_NANOS);
            } else {
              reconcilePauseNanos = config.pollInterval().toNanos();
              reconcileInBackground();
            }
            reconcileGate = false;
            wake.release(workers.size());
          } else if (housekeeper && System.nanoTime() - nextStreamCheck >= 0) {
            nextStreamCheck = System.nanoTime() + STREAM_CHECK_EVERY_NANOS;
            if (checkStreamNow()) {
              reconcileInBackground();
            }
          }
          if (housekeeper || !reconcileGate) {
            Batch batch = relayBatch(true);
            full = batch.candidates() == config.batchSize();
            if (full) {
              wakeUp();
            }
            // A worker that published looks again before it sleeps: while it held its
            // aggregates, their next events may have committed, and a worker woken for them found
            // the aggregate locked and claimed nothing; nobody else would look until the poll.
            again = batch.published() > 0;
          }
        } catch (InterruptedException e) {
          break;
        } catch (RuntimeException | Error e) {
          // A lock timeout on the fence is another replica's check holding it (at a start or
          // after a reconnect, while JetStream is slow to answer): the next round tries again.
          recordError(
              "relaying failed",
              e,
              !SqlFailures.isConnectionFailure(e)
                  && SqlFailures.sqlState(e)
                      .filter(SqlFailures.LOCK_NOT_AVAILABLE::equals)
                      .isEmpty());
        }
      }
      if (housekeeper) {
        long now = System.nanoTime();
        if (now - nextPurge >= 0) {
          purge();
          nextPurge = now + PURGE_EVERY_NANOS;
        }
        if (now - nextBacklogRefresh >= 0) {
          refreshBacklog();
          nextBacklogRefresh = now + BACKLOG_REFRESH_NANOS;
        }
      }
      if (!full && !again) {
        try {
          wake.tryAcquire(config.pollInterval().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          break;
        }
      }
    }
    log.debug("outbox relay {} worker {} stopped", config.stream(), index);
  }

  /**
   * Claims, publishes and marks one batch in one transaction; returns how many unpublished rows it
   * found (claimed or left to another relay): the batch size means there is more to do.
   */
  int relayOnce() throws InterruptedException {
    return relayBatch(true).candidates();
  }

  /**
   * Like {@link #relayOnce()}, but rolls back instead of committing the marks: the relay "dies"
   * after publishing and before recording it.
   */
  int publishWithoutMarking() throws InterruptedException {
    return relayBatch(false).candidates();
  }

  /**
   * What one batch found and did.
   *
   * @param candidates unpublished rows the claim saw (claimed, or held by another worker or relay)
   * @param published events the stream acknowledged and this batch recorded
   */
  private record Batch(int candidates, int published) {}

  private static final class Rollback extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int claimed;

    Rollback(int claimed) {
      super(null, null, false, false);
      this.claimed = claimed;
    }
  }

  private Batch relayBatch(boolean commit) throws InterruptedException {
    EventPublisher.Outcome[] outcome = new EventPublisher.Outcome[1];
    boolean[] unreconciled = new boolean[1];
    int claimed;
    try {
      claimed =
          transactor.inTransaction(
              tx -> {
                // The fence first: no row goes back to the backlog until this transaction ends,
                // and the head check below sees every row returned before.
                Optional<OutboxStore.StreamMark> mark =
                    OutboxStore.shareStreamMark(tx, config.stream());
                OutboxStore.Claim claim = OutboxStore.claim(tx, config.batchSize());
                List<ClaimedEvent> batch = OutboxStore.headsOfTheirAggregates(tx, claim.events());
                if (batch.isEmpty()) {
                  return claim.candidates();
                }
                long reconnects = nats.connection().getStatistics().getReconnects();
                if (mark.isPresent() && !streamUnchangedSince(mark.get())) {
                  // The stream lost messages nobody has returned to the backlog yet: publishing
                  // now could put an aggregate's later event before an earlier one comes back.
                  unreconciled[0] = true;
                  return 0;
                }
                try {
                  outcome[0] =
                      publisher.publish(
                          batch,
                          () -> nats.connection().getStatistics().getReconnects() == reconnects);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new IllegalStateException("interrupted while publishing", e);
                }
                if (mark.isPresent()
                    && !outcome[0].acknowledgedRows().isEmpty()
                    && !streamUnchangedSince(mark.get())) {
                  // Acknowledged by a stream that lost messages since (the broker lost its data
                  // while the batch waited for its last acknowledgements): what it acknowledged may
                  // be gone. Recording it as published would keep it out of the rows the check
                  // returns to the backlog, while later events of its aggregate went out.
                  outcome[0] = null;
                  unreconciled[0] = true;
                  return 0;
                }
                OutboxStore.markPublished(
                    tx, outcome[0].acknowledgedRows(), outcome[0].streamSequences());
                if (!commit) {
                  throw new Rollback(batch.size());
                }
                return claim.candidates();
              });
    } catch (Rollback rollback) {
      return new Batch(rollback.claimed, 0);
    }
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    if (unreconciled[0]) {
      log.info(
          "outbox relay {}: the stream lost messages since the last look; publishing waits for"
              + " them to be queued again",
          config.stream());
      reconcileGate = true;
      requestReconciliation();
      return new Batch(0, 0);
    }
    EventPublisher.Outcome result = outcome[0];
    if (result != null) {
      published.addAndGet(result.acknowledgedIds().size());
      duplicates.addAndGet(result.duplicates());
      if (!result.acknowledgedIds().isEmpty()) {
        lastPublishTime.set(clock.instant());
      }
      if (result.failures() > 0) {
        failures.addAndGet(result.failures());
        recordError(
            result.failures() + " event(s) not published, retrying", result.lastFailure(), false);
        if (result.acknowledgedIds().isEmpty()) {
          publishFailingSince.compareAndSet(null, clock.instant());
        }
        // A missing stream answers "no responders": let its keeper look.
        if (keeper != null) {
          keeper.requestCheck();
        }
      }
      if (!result.acknowledgedIds().isEmpty()) {
        publishFailingSince.set(null);
      }
    }
    return new Batch(claimed, result == null || !commit ? 0 : result.acknowledgedIds().size());
  }

  /**
   * Whether the stream is still the incarnation {@code mark} recorded, with its tail; false also
   * when JetStream does not answer (the batch then waits like any failed publish).
   */
  private boolean streamUnchangedSince(OutboxStore.StreamMark mark) {
    try {
      return Reconciler.unchangedSince(mark, nats.management().getStreamInfo(config.stream()));
    } catch (Exception e) {
      recordError("looking at stream " + config.stream() + " failed", e, false);
      return false;
    }
  }

  /**
   * The quick check before new work: rows recorded beyond the stream's end, or published into an
   * earlier incarnation of it, go back to the backlog. Returns how many, or -1 when it failed.
   */
  private int checkStream() {
    try {
      Reconciler.StreamCheck check = reconciler.checkStream();
      streamMark.set(check.mark());
      republished.addAndGet(check.returned());
      return check.returned();
    } catch (Exception e) {
      recordError("checking stream " + config.stream() + " failed", e, false);
      if (keeper != null) {
        keeper.requestCheck();
      }
      return -1;
    }
  }

  /**
   * The periodic look at the stream while publishing goes on; returns whether it found that the
   * stream lost messages (the full pass should follow).
   */
  boolean checkStreamNow() {
    try {
      Reconciler.StreamCheck check = reconciler.checkStream();
      streamMark.set(check.mark());
      republished.addAndGet(check.returned());
      if (check.returned() > 0) {
        wakeUp();
      }
      return check.lost();
    } catch (Exception e) {
      recordError("checking stream " + config.stream() + " failed", e, false);
      if (keeper != null) {
        keeper.requestCheck();
      }
      return false;
    }
  }

  /** The full check, on its own thread: publishing goes on meanwhile. */
  private void reconcileInBackground() {
    fullPassPending = true;
    if (!fullPassRunning.compareAndSet(false, true)) {
      return; // the running pass goes round once more
    }
    Thread.ofVirtual()
        .name("outbox-reconcile-" + config.stream())
        .start(
            () -> {
              long pauseMillis = config.pollInterval().toMillis();
              try {
                while (fullPassPending && running && nats.isConnected()) {
                  fullPassPending = false;
                  if (reconcile() < 0) {
                    // Failed (JetStream or the database not answering): try again later.
                    fullPassPending = true;
                    Thread.sleep(pauseMillis);
                    pauseMillis = Math.min(pauseMillis * 2, MAX_RECONCILE_PAUSE_NANOS / 1_000_000);
                  }
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
              } finally {
                fullPassRunning.set(false);
              }
              // A request that arrived while this pass was finishing is not lost.
              if (fullPassPending && running && nats.isConnected()) {
                reconcileInBackground();
              }
            });
  }

  /**
   * Runs a full reconciliation pass now; returns how many rows went back to the backlog, or -1 when
   * the pass failed.
   */
  int reconcile() throws InterruptedException {
    try {
      int returned = reconciler.reconcile(() -> running || workers.isEmpty());
      republished.addAndGet(returned);
      reconciliations.incrementAndGet();
      return returned;
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      recordError("reconciliation with stream " + config.stream() + " failed", e, false);
      return -1;
    }
  }

  /** Deletes published rows older than the retention; returns how many. */
  int purge() {
    int total = 0;
    try {
      int deleted;
      do {
        deleted = OutboxStore.purge(dsl, config.retention(), PURGE_CHUNK);
        purged.addAndGet(deleted);
        total += deleted;
      } while (deleted == PURGE_CHUNK);
    } catch (RuntimeException e) {
      recordError("purging published outbox rows failed", e, false);
    }
    return total;
  }

  private void refreshBacklog() {
    try {
      OutboxStore.Backlog counted = OutboxStore.backlog(dsl);
      backlog.set(counted.count());
      oldestUnpublishedAge.set(counted.oldestAge());
      if (counted.count() == 0) {
        // Nothing to publish: nothing fails.
        publishFailingSince.set(null);
      }
    } catch (RuntimeException e) {
      recordError("counting the outbox backlog failed", e, false);
    }
  }

  /** Expected failures (outages) get one line; unexpected ones their stack trace. */
  private void recordError(String what, Throwable cause, boolean unexpected) {
    String message = what + (cause == null ? "" : ": " + cause);
    lastError.set(message);
    lastErrorTime.set(clock.instant());
    if (unexpected) {
      log.error("outbox relay {}: {}", config.stream(), what, cause);
    } else {
      log.warn("outbox relay {}: {}", config.stream(), message);
      log.debug("outbox relay {}: {}", config.stream(), what, cause);
    }
  }
}
