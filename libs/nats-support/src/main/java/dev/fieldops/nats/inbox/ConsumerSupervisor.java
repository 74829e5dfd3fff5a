package dev.fieldops.nats.inbox;

import dev.fieldops.jooq.Database;
import dev.fieldops.nats.ConnectionState;
import dev.fieldops.nats.JetStreamErrors;
import dev.fieldops.nats.TrackedConnection;
import io.nats.client.JetStreamApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a service's consumers of other contexts' streams and keeps an eye on them. {@link
 * ConsumerRunner#start} fails when it cannot create its durable consumer, above all when the other
 * context's stream does not exist yet (that context was never started) or NATS is unreachable; a
 * service must serve its own API anyway, so each consumer is started in the background and retried
 * with a growing pause (up to 10 s) until it starts, independently of the others. Once started, a
 * runner rides out NATS and database outages by itself.
 *
 * <p>Each consumer's status (waiting to start, running, stalled, stopped) and what is wrong with it
 * are reported for health checks ({@link #statuses()}, {@link #problem(String)}, {@link
 * #onStatusChange}).
 */
public final class ConsumerSupervisor implements AutoCloseable {

  /** One consumer to run. */
  public record Definition<T>(ConsumerSpec spec, EventDecoder<T> decoder, EventHandler<T> handler) {
    public Definition {
      Objects.requireNonNull(spec, "spec");
      Objects.requireNonNull(decoder, "decoder");
      Objects.requireNonNull(handler, "handler");
    }

    public String name() {
      return spec.durableName();
    }
  }

  /** Where a consumer is. */
  public enum Status {
    /** Not started yet: its stream or NATS is not there (retrying). */
    WAITING,
    /** Pulling and applying events. */
    RUNNING,
    /**
     * Started, but it cannot fetch or apply now: its stream or durable is missing (the runner
     * re-creates the durable when the stream is back), JetStream does not answer, or the database
     * is unreachable.
     */
    STALLED,
    /** Started, but not applying now: stopped, or NATS is disconnected. */
    STOPPED
  }

  private static final Logger LOG = LoggerFactory.getLogger(ConsumerSupervisor.class);
  private static final Duration FIRST_PAUSE = Duration.ofMillis(500);
  private static final Duration MAX_PAUSE = Duration.ofSeconds(10);
  private static final Duration WATCH_INTERVAL = Duration.ofSeconds(2);

  private final Database database;
  private final TrackedConnection nats;
  private final List<Definition<?>> definitions;
  private final Map<String, ConsumerRunner<?>> runners = new ConcurrentHashMap<>();
  private final Map<String, Status> reported = new ConcurrentHashMap<>();
  private final Map<String, String> startFailures = new ConcurrentHashMap<>();
  private final List<BiConsumer<String, Status>> listeners = new CopyOnWriteArrayList<>();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final Semaphore wake = new Semaphore(0);
  private final Consumer<ConnectionState> onConnectionChange =
      state -> {
        if (state == ConnectionState.CONNECTED) {
          wake.release();
        }
      };
  private final Thread supervisor;
  private volatile ConsumerObserver observer = ConsumerObserver.NONE;

  private ConsumerSupervisor(
      Database database, TrackedConnection nats, List<Definition<?>> definitions) {
    this.database = database;
    this.nats = nats;
    this.definitions = List.copyOf(definitions);
    for (var definition : this.definitions) {
      reported.put(definition.name(), Status.WAITING);
    }
    this.supervisor =
        Thread.ofPlatform().daemon().name("consumer-supervisor").unstarted(this::superviseLoop);
  }

  /** Starts supervising: returns at once, the consumers start in the background. */
  public static ConsumerSupervisor start(
      Database database, TrackedConnection nats, List<Definition<?>> definitions) {
    var supervisor = new ConsumerSupervisor(database, nats, definitions);
    nats.addStateListener(supervisor.onConnectionChange);
    supervisor.supervisor.start();
    return supervisor;
  }

  /** Reports every status change of every consumer; called at once with the current ones. */
  public void onStatusChange(BiConsumer<String, Status> listener) {
    listeners.add(listener);
    reported.forEach(listener);
  }

  /** The consumers' names with their status, in definition order. */
  public Map<String, Status> statuses() {
    var statuses = new LinkedHashMap<String, Status>();
    for (var definition : definitions) {
      statuses.put(definition.name(), statusOf(definition.name()));
    }
    return statuses;
  }

  /**
   * What keeps {@code consumer} from applying events, in words for an operator; empty while it
   * runs.
   */
  public Optional<String> problem(String consumer) {
    var runner = runners.get(consumer);
    if (runner == null) {
      return Optional.of(
          "not started: " + startFailures.getOrDefault(consumer, "starting in the background"));
    }
    var state = runner.state();
    if (!state.running()) {
      return Optional.of("stopped");
    }
    if (!nats.isConnected()) {
      return Optional.of("NATS is not connected");
    }
    return state.problem();
  }

  /** The runner's counters, once the consumer has started. */
  public Optional<ConsumerState> state(String consumer) {
    return Optional.ofNullable(runners.get(consumer)).map(ConsumerRunner::state);
  }

  /**
   * Tells {@code observer} about every event the consumers apply from now on, those started later
   * included.
   */
  public void observe(ConsumerObserver observer) {
    this.observer = Objects.requireNonNull(observer, "observer");
    runners.values().forEach(runner -> runner.observe(observer));
  }

  /**
   * Messages of {@code consumer}'s stream not yet delivered to it (its lag), as JetStream last
   * reported; -1 while it is not running or has not checked yet.
   */
  public long pending(String consumer) {
    var runner = runners.get(consumer);
    return runner == null ? -1 : runner.pending();
  }

  /** The parked events of the started consumers, to list and retry. */
  public DeadLetters deadLetters() {
    return new DeadLetters(database, List.copyOf(runners.values()));
  }

  private void superviseLoop() {
    var pause = FIRST_PAUSE;
    var failures = new LinkedHashMap<String, Integer>();
    while (closing.getCount() > 0) {
      boolean allStarted = true;
      for (var definition : definitions) {
        if (runners.containsKey(definition.name())) {
          continue;
        }
        if (!tryStart(definition, failures)) {
          allStarted = false;
        }
      }
      report();
      pause = allStarted ? WATCH_INTERVAL : next(pause);
      try {
        // NATS (re)connecting ends the pause: the streams may be there now.
        boolean woken = wake.tryAcquire(pause.toMillis(), TimeUnit.MILLISECONDS);
        wake.drainPermits();
        if (closing.getCount() == 0) {
          return;
        }
        if (woken || allStarted) {
          pause = FIRST_PAUSE;
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private <T> boolean tryStart(Definition<T> definition, Map<String, Integer> failures) {
    try {
      var runner =
          ConsumerRunner.start(
              database, nats, definition.spec(), definition.decoder(), definition.handler());
      if (closing.getCount() == 0) {
        runner.close();
        return true;
      }
      runner.observe(observer);
      runners.put(definition.name(), runner);
      startFailures.remove(definition.name());
      LOG.info(
          "consumer {} started on stream {} ({})",
          definition.name(),
          definition.spec().stream(),
          definition.spec().filterSubject());
      return true;
    } catch (Exception e) {
      int count = failures.merge(definition.name(), 1, Integer::sum);
      String why = describe(definition, e);
      startFailures.put(definition.name(), why);
      if (count == 1) {
        LOG.info(
            "consumer {} cannot start yet ({}); retrying in the background",
            definition.name(),
            why);
      } else {
        LOG.debug("consumer {} still cannot start ({})", definition.name(), why);
      }
      return false;
    }
  }

  private static String describe(Definition<?> definition, Exception e) {
    if (e instanceof JetStreamApiException api
        && api.getApiErrorCode() == JetStreamErrors.STREAM_NOT_FOUND) {
      return "stream " + definition.spec().stream() + " does not exist";
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  private Status statusOf(String name) {
    var runner = runners.get(name);
    if (runner == null) {
      return Status.WAITING;
    }
    var state = runner.state();
    if (!state.running() || !nats.isConnected()) {
      return Status.STOPPED;
    }
    return state.problem().isPresent() ? Status.STALLED : Status.RUNNING;
  }

  private void report() {
    for (var definition : definitions) {
      var status = statusOf(definition.name());
      if (reported.put(definition.name(), status) != status) {
        for (var listener : listeners) {
          listener.accept(definition.name(), status);
        }
      }
    }
  }

  private static Duration next(Duration pause) {
    var doubled = pause.multipliedBy(2);
    return doubled.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : doubled;
  }

  /** Stops supervising and stops every consumer (each finishes the event in hand). */
  @Override
  public void close() {
    closing.countDown();
    nats.removeStateListener(onConnectionChange);
    wake.release();
    try {
      supervisor.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    var stopping = new ArrayList<>(runners.values());
    runners.clear();
    stopping.forEach(ConsumerRunner::requestStop);
    for (var runner : stopping) {
      runner.close();
    }
  }
}
