package dev.fieldops.nats.outbox;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * How an {@link OutboxRelay} publishes.
 *
 * @param stream the stream every event must land in (sent as the expected stream, so a subject
 *     captured by another stream fails instead of going astray)
 * @param source CloudEvents {@code ce-source} of this context, {@code /fieldops/<context>}
 * @param workers claiming threads; a worker that claims a full batch wakes the next, so under load
 *     one publishes while another claims or marks, and a burst does not queue behind a batch in
 *     flight
 * @param batchSize rows claimed per transaction
 * @param maxOutstandingAcks publishes of one worker awaiting their acknowledgement at any time
 * @param ackTimeout how long a batch waits for acknowledgements; shorter than the pool's
 *     idle-in-transaction timeout, since the claim transaction stays open meanwhile
 * @param pollInterval the relay looks at the table at least this often, notification or not
 * @param retention published rows older than this are purged
 * @param reconcileWindow after start and every reconnect, rows published within this window are
 *     checked against the stream; at most {@code retention}
 * @param stopTimeout how long {@link OutboxRelay#stop()} waits for the batch in flight
 * @param streamReading how the full reconciliation reads the stream
 * @param observer per-event outcomes, for metrics
 */
public record RelayConfig(
    String stream,
    String source,
    int workers,
    int batchSize,
    int maxOutstandingAcks,
    Duration ackTimeout,
    Duration pollInterval,
    Duration retention,
    Duration reconcileWindow,
    Duration stopTimeout,
    StreamReading streamReading,
    RelayObserver observer) {

  /**
   * How the full reconciliation reads back what the stream holds (the id stored at each sequence
   * the outbox recorded).
   */
  public enum StreamReading {
    /**
     * One ordered consumer, headers only, read forward: fast (100,000 rows in about 2 s), but the
     * service's identity must be allowed to create consumers on its own stream.
     */
    ORDERED_CONSUMER,
    /**
     * One {@code $JS.API.STREAM.MSG.GET} request per sequence: about ten times slower, and all a
     * least-privilege identity may do on its own stream (deploy/nats/permissions.conf).
     */
    SINGLE_MESSAGES
  }

  /**
   * Claiming threads of {@link #forStream}; each holds a pooled connection while its batch is out.
   */
  public static final int DEFAULT_WORKERS = 2;

  private static final Pattern SOURCE = Pattern.compile("/fieldops/[a-z][a-z0-9-]*");

  public RelayConfig {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(streamReading, "streamReading");
    Objects.requireNonNull(observer, "observer");
    if (stream.isBlank()) {
      throw new IllegalArgumentException("stream must not be blank");
    }
    if (!SOURCE.matcher(source).matches()) {
      throw new IllegalArgumentException("source must look like /fieldops/<context>: " + source);
    }
    if (workers < 1 || workers > 16) {
      throw new IllegalArgumentException("workers must be 1 to 16: " + workers);
    }
    if (batchSize < 1 || batchSize > 10_000) {
      throw new IllegalArgumentException("batchSize must be 1 to 10000: " + batchSize);
    }
    if (maxOutstandingAcks < 1) {
      throw new IllegalArgumentException("maxOutstandingAcks must be positive");
    }
    for (var d :
        new Duration[] {ackTimeout, pollInterval, retention, reconcileWindow, stopTimeout}) {
      Objects.requireNonNull(d, "durations");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("durations must be positive: " + d);
      }
    }
    if (reconcileWindow.compareTo(retention) > 0) {
      throw new IllegalArgumentException("reconcileWindow must not exceed retention");
    }
  }

  /**
   * The defaults: 2 workers, batches of 1000, 1000 acknowledgements outstanding per worker, ack
   * timeout 5 s, poll every second, keep published rows 3 hours and reconcile all of them (read
   * with an ordered consumer), stop within 10 s.
   */
  public static RelayConfig forStream(String stream, String source) {
    return new RelayConfig(
        stream,
        source,
        DEFAULT_WORKERS,
        1000,
        1000,
        Duration.ofSeconds(5),
        Duration.ofSeconds(1),
        Duration.ofHours(3),
        Duration.ofHours(3),
        Duration.ofSeconds(10),
        StreamReading.ORDERED_CONSUMER,
        RelayObserver.NONE);
  }

  public RelayConfig withWorkers(int count) {
    return with(c -> c.workers = count);
  }

  public RelayConfig withBatchSize(int size) {
    return with(c -> c.batchSize = size);
  }

  public RelayConfig withMaxOutstandingAcks(int window) {
    return with(c -> c.maxOutstandingAcks = window);
  }

  public RelayConfig withAckTimeout(Duration timeout) {
    return with(c -> c.ackTimeout = timeout);
  }

  public RelayConfig withPollInterval(Duration interval) {
    return with(c -> c.pollInterval = interval);
  }

  /** Sets the retention and, when it was longer, shortens the reconcile window to it. */
  public RelayConfig withRetention(Duration keep) {
    return with(
        c -> {
          c.retention = keep;
          if (c.reconcileWindow.compareTo(keep) > 0) {
            c.reconcileWindow = keep;
          }
        });
  }

  public RelayConfig withReconcileWindow(Duration window) {
    return with(c -> c.reconcileWindow = window);
  }

  public RelayConfig withStopTimeout(Duration timeout) {
    return with(c -> c.stopTimeout = timeout);
  }

  public RelayConfig withStreamReading(StreamReading reading) {
    return with(c -> c.streamReading = reading);
  }

  public RelayConfig withObserver(RelayObserver newObserver) {
    return with(c -> c.observer = newObserver);
  }

  /** This configuration with {@code change} made to a copy of its components, checked again. */
  private RelayConfig with(Consumer<Components> change) {
    var components = new Components(this);
    change.accept(components);
    return components.config();
  }

  /** The components of a configuration being changed by one of the {@code with} methods. */
  private static final class Components {
    private final String stream;
    private final String source;
    int workers;
    int batchSize;
    int maxOutstandingAcks;
    Duration ackTimeout;
    Duration pollInterval;
    Duration retention;
    Duration reconcileWindow;
    Duration stopTimeout;
    StreamReading streamReading;
    RelayObserver observer;

    Components(RelayConfig config) {
      stream = config.stream;
      source = config.source;
      workers = config.workers;
      batchSize = config.batchSize;
      maxOutstandingAcks = config.maxOutstandingAcks;
      ackTimeout = config.ackTimeout;
      pollInterval = config.pollInterval;
      retention = config.retention;
      reconcileWindow = config.reconcileWindow;
      stopTimeout = config.stopTimeout;
      streamReading = config.streamReading;
      observer = config.observer;
    }

    RelayConfig config() {
      return new RelayConfig(
          stream,
          source,
          workers,
          batchSize,
          maxOutstandingAcks,
          ackTimeout,
          pollInterval,
          retention,
          reconcileWindow,
          stopTimeout,
          streamReading,
          observer);
    }
  }
}
