package dev.fieldops.nats;

import dev.fieldops.nats.StreamStatus.State;
import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a context's own stream in place for as long as the service runs, instead of only at start.
 *
 * <p>The broker can lose a stream at any time: nats-server killed and its store deleted, a new
 * server without the old data, somebody deleting the stream. Publishing into a missing stream fails
 * for ever ({@code 503 No Responders}), so the keeper looks: as soon as the connection is
 * (re)established, every {@code checkInterval}, and at once when someone reports a symptom ({@link
 * #requestCheck()}, the outbox relay does when a publish fails). In {@link StreamMode#CREATE} every
 * look creates the stream when it is missing ({@link StreamProvisioner#createOrVerify}) and
 * otherwise only compares it with the spec: the keeper never updates an existing stream, so an
 * operator who moved it to 3 replicas or changed its limits is not reverted by the next deploy. A
 * service that starts while NATS is away creates its stream when NATS comes.
 *
 * <p>Whoever must react to a stream this keeper created (the relay publishes again what the old one
 * held) registers with {@link #onCreated}. The verdict ({@link StreamStatus}) is for health:
 *
 * <ul>
 *   <li>{@link State#READY}: the stream is as declared;
 *   <li>{@link State#DRIFTED}: it works but its replicas or limits differ from the configuration
 *       ({@link StreamDifferences#limits()}): events flow, the service stays ready, and the
 *       difference is reported ({@code fieldops.events} NOT_SERVING, and a warning with the
 *       differences each time they change) until an operator brings the stream or the configuration
 *       in line;
 *   <li>{@link State#DIFFERENT}: it cannot hold the events as declared ({@link
 *       StreamDifferences#unusable()}), a deployment error: nothing is published into it and the
 *       service is not ready until it is fixed;
 *   <li>{@link State#MISSING}: it does not exist and cannot be created here (no right to, {@link
 *       StreamMode#VERIFY}, or more replicas than the cluster can hold), with the reason.
 * </ul>
 *
 * In {@link StreamMode#VERIFY} (a service whose identity may not administer streams) the keeper
 * never creates anything either: every look only reads the stream, with the same verdicts.
 *
 * <p>Several replicas each run a keeper over the same stream: creating is idempotent (the loser of
 * a race finds the winner's stream), and each replica's relay notices a stream created by another
 * one by its changed creation time.
 */
public final class StreamKeeper implements AutoCloseable {

  /** How often a running service looks at its stream, besides reconnects and reported symptoms. */
  public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(StreamKeeper.class);

  /** The least time between two looks at the broker, however many symptoms are reported. */
  static final Duration MIN_PAUSE = Duration.ofMillis(200);

  private final TrackedConnection nats;
  private final StreamSpec spec;
  private final StreamProvisioner provisioner;
  private final Duration checkInterval;
  private final StreamMode mode;
  private final long minPauseNanos;
  private final Clock clock = Clock.systemUTC();
  private final Semaphore wake = new Semaphore(0);
  private final AtomicReference<StreamStatus> status;
  private final List<Runnable> createdListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<StreamStatus>> statusListeners = new CopyOnWriteArrayList<>();
  private final Consumer<ConnectionState> onConnectionChange;
  private volatile boolean running;
  private volatile boolean seen;
  // Set when the connection comes up: the look it asks for is taken at once, not after the pause.
  private volatile boolean connected;
  private Thread thread;

  private StreamKeeper(
      TrackedConnection nats,
      StreamSpec spec,
      Duration checkInterval,
      StreamMode mode,
      Duration minPause) {
    this.nats = nats;
    this.spec = spec;
    this.provisioner = new StreamProvisioner(nats);
    this.checkInterval = checkInterval;
    this.mode = mode;
    this.minPauseNanos = minPause.toNanos();
    this.status =
        new AtomicReference<>(new StreamStatus(State.WAITING, "not checked yet", clock.instant()));
    this.onConnectionChange =
        state -> {
          if (state == ConnectionState.CONNECTED) {
            connected = true;
            requestCheck();
          } else {
            update(State.WAITING, "NATS is not connected");
          }
        };
  }

  /** Starts keeping {@code spec}'s stream, looking every {@link #DEFAULT_CHECK_INTERVAL}. */
  public static StreamKeeper start(TrackedConnection nats, StreamSpec spec) {
    return start(nats, spec, DEFAULT_CHECK_INTERVAL);
  }

  /** Starts keeping {@code spec}'s stream, looking every {@code checkInterval}. */
  public static StreamKeeper start(
      TrackedConnection nats, StreamSpec spec, Duration checkInterval) {
    return start(nats, spec, checkInterval, StreamMode.CREATE);
  }

  /**
   * Starts keeping {@code spec}'s stream as {@code mode} says, looking every {@code checkInterval}:
   * in {@link StreamMode#VERIFY} it never creates or changes the stream, only reports whether it is
   * there as declared.
   */
  public static StreamKeeper start(
      TrackedConnection nats, StreamSpec spec, Duration checkInterval, StreamMode mode) {
    return start(nats, spec, checkInterval, mode, MIN_PAUSE);
  }

  /** Like {@link #start(TrackedConnection, StreamSpec, Duration, StreamMode)}; for tests. */
  static StreamKeeper start(
      TrackedConnection nats,
      StreamSpec spec,
      Duration checkInterval,
      StreamMode mode,
      Duration minPause) {
    Objects.requireNonNull(nats, "nats");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(mode, "mode");
    if (checkInterval.isNegative() || checkInterval.isZero()) {
      throw new IllegalArgumentException("checkInterval must be positive: " + checkInterval);
    }
    var keeper = new StreamKeeper(nats, spec, checkInterval, mode, minPause);
    keeper.running = true;
    nats.addStateListener(keeper.onConnectionChange);
    keeper.thread =
        Thread.ofPlatform().daemon().name("stream-keeper-" + spec.name()).start(keeper::loop);
    return keeper;
  }

  /** The stream kept. */
  public StreamSpec spec() {
    return spec;
  }

  /** Whether this keeper may create and update the stream, or only verify it. */
  public StreamMode mode() {
    return mode;
  }

  public StreamStatus status() {
    return status.get();
  }

  public boolean isReady() {
    return status.get().isReady();
  }

  /** Looks at the stream now (soon, on the keeper's thread), e.g. after a failed publish. */
  public void requestCheck() {
    if (wake.availablePermits() == 0) {
      wake.release();
    }
  }

  /**
   * Calls {@code listener} on the keeper's thread each time this keeper created the stream, before
   * the status turns READY: to republish what the lost stream held. Must not block for long.
   */
  public void onCreated(Runnable listener) {
    createdListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Calls {@code listener} with every later status change, on the keeper's thread. */
  public void onStatusChange(Consumer<StreamStatus> listener) {
    statusListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Waits until the stream is READY; false on timeout. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Object monitor = new Object();
    Consumer<StreamStatus> wakeUp =
        s -> {
          synchronized (monitor) {
            monitor.notifyAll();
          }
        };
    statusListeners.add(wakeUp);
    try {
      synchronized (monitor) {
        while (!isReady()) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          TimeUnit.NANOSECONDS.timedWait(monitor, left);
        }
        return true;
      }
    } finally {
      statusListeners.remove(wakeUp);
    }
  }

  @Override
  public void close() {
    if (!running) {
      return;
    }
    running = false;
    nats.removeStateListener(onConnectionChange);
    wake.release();
    try {
      thread.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void loop() {
    while (running) {
      long started = System.nanoTime();
      check();
      try {
        wake.tryAcquire(checkInterval.toNanos(), TimeUnit.NANOSECONDS);
        // Symptoms may be reported in bursts (every failed batch of every relay worker). A
        // connection that just came up is looked at at once: at a start the first look found it
        // still connecting, and the pause made every start wait for it (measured: the NATS step
        // of a start took 215 ms, of which 200 this pause).
        long pause = minPauseNanos - (System.nanoTime() - started);
        if (pause > 0 && running && !connected) {
          TimeUnit.NANOSECONDS.sleep(pause);
        }
        connected = false;
        wake.drainPermits();
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** One look at the stream; package-private for tests. */
  void check() {
    if (!nats.isConnected()) {
      update(State.WAITING, "NATS is not connected");
      return;
    }
    if (mode == StreamMode.VERIFY) {
      verify();
      return;
    }
    try {
      StreamProvisioner.Check found = provisioner.createOrVerify(spec);
      boolean first = !seen;
      seen = true;
      if (found.outcome() == StreamProvisioner.Outcome.CREATED) {
        if (!first) {
          log.warn(
              "stream {} was gone (the broker lost it or it was deleted): re-created it",
              spec.name());
        }
        for (Runnable listener : createdListeners) {
          try {
            listener.run();
          } catch (RuntimeException e) {
            log.warn("a listener of stream {} creation failed", spec.name(), e);
          }
        }
        update(State.READY, "created");
        return;
      }
      report(found.differences(), "exists");
    } catch (StreamProvisioner.ReplicasUnavailableException e) {
      update(State.MISSING, e.getMessage());
    } catch (JetStreamApiException e) {
      // JetStream answered but refused (e.g. temporarily unavailable while a server recovers):
      // reported, retried, and not a reason to leave readiness, as before verify mode existed.
      update(
          State.FAILED,
          "stream " + spec.name() + " could not be checked or created: " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      Optional<String> refused = permissionViolation();
      if (refused.isPresent()) {
        // The server drops a request its permissions refuse: the client only sees a timeout.
        update(
            State.MISSING,
            "stream "
                + spec.name()
                + " could not be created: this NATS identity may not ("
                + refused.get()
                + "); an operator creates it (./fieldops stream create), and "
                + StreamMode.VARIABLE
                + "=verify says so up front");
        return;
      }
      // Timeouts (a frozen broker, JetStream not up yet), or a stream this service cannot use.
      update(State.FAILED, "stream " + spec.name() + ": " + e);
    }
  }

  /** {@link StreamMode#VERIFY}: read the stream, change nothing. */
  private void verify() {
    try {
      report(provisioner.compare(spec), "verified");
    } catch (JetStreamApiException e) {
      if (StreamProvisioner.isStreamNotFound(e)) {
        update(
            State.MISSING,
            "stream "
                + spec.name()
                + " does not exist and "
                + StreamMode.VARIABLE
                + "=verify: an operator creates it (./fieldops stream create)");
      } else {
        update(State.FAILED, "stream " + spec.name() + " could not be read: " + e.getMessage());
      }
    } catch (IOException | RuntimeException e) {
      update(
          State.FAILED,
          "stream "
              + spec.name()
              + " could not be read: "
              + permissionViolation().orElse(e.toString()));
    }
  }

  /** The verdict on an existing stream that differs from the spec as {@code differences} say. */
  private void report(StreamDifferences differences, String matching) {
    if (differences.matches()) {
      update(State.READY, matching);
    } else if (!differences.usable()) {
      update(
          State.DIFFERENT,
          "stream "
              + spec.name()
              + " cannot hold this service's events as declared: "
              + differences.describe()
              + " (the service never changes an existing stream: an operator fixes it, ./fieldops"
              + " stream <context> update, or deletes it"
              + (mode == StreamMode.CREATE ? " to let the service create it)" : ")")
              + "; "
              + StreamMode.VARIABLE
              + "="
              + mode.name().toLowerCase(java.util.Locale.ROOT));
    } else {
      update(
          State.DRIFTED,
          "stream "
              + spec.name()
              + " differs from the configuration: "
              + differences.describe()
              + " (events flow; the service never changes an existing stream: ./fieldops stream"
              + " <context> update applies the configured EVENTS_STREAM_* settings, or set them to"
              + " the stream's)");
    }
  }

  private Optional<String> permissionViolation() {
    return nats.lastError()
        .filter(
            error -> error.contains("Permissions Violation") && error.contains("$JS.API.STREAM."));
  }

  private void update(State state, String detail) {
    StreamStatus previous = status.get();
    if (previous.state() == state && previous.detail().equals(detail)) {
      return;
    }
    StreamStatus next =
        new StreamStatus(
            state, detail, previous.state() == state ? previous.since() : clock.instant());
    status.set(next);
    if (previous.state() == state && (state == State.DRIFTED || state == State.DIFFERENT)) {
      log.warn("stream {} still {}, other differences: {}", spec.name(), state, detail);
    }
    if (previous.state() != state) {
      if (state == State.READY) {
        log.info("stream {} ready ({})", spec.name(), detail);
      } else if (state != State.WAITING) {
        log.warn("stream {} not ready: {} ({})", spec.name(), state, detail);
      }
    }
    for (Consumer<StreamStatus> listener : statusListeners) {
      try {
        listener.accept(next);
      } catch (RuntimeException e) {
        log.warn("a listener of stream {} status failed", spec.name(), e);
      }
    }
  }
}
