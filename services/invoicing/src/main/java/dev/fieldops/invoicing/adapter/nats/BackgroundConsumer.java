package dev.fieldops.invoicing.adapter.nats;

import dev.fieldops.jooq.Database;
import dev.fieldops.nats.TrackedConnection;
import dev.fieldops.nats.inbox.ConsumerRunner;
import dev.fieldops.nats.inbox.ConsumerSpec;
import dev.fieldops.nats.inbox.EventDecoder;
import dev.fieldops.nats.inbox.EventHandler;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of another context's stream, started in the background. {@link ConsumerRunner#start}
 * throws when it cannot create its durable consumer — above all when the stream does not exist
 * because its producer has never run — yet invoicing must serve its own API regardless; so the start
 * is retried on a thread of its own with a pause doubling up to {@value #MAX_PAUSE_SECONDS} s. Once
 * started, the runner rides out NATS and database outages by itself.
 */
public final class BackgroundConsumer<T> implements AutoCloseable {

  static final long MAX_PAUSE_SECONDS = 10;

  private static final Logger LOG = LoggerFactory.getLogger(BackgroundConsumer.class);

  private final ConsumerSpec spec;
  private final CountDownLatch closing = new CountDownLatch(1);
  private final Thread starter;
  private volatile ConsumerRunner<T> runner;

  private BackgroundConsumer(
      Database database,
      TrackedConnection nats,
      ConsumerSpec spec,
      EventDecoder<T> decoder,
      EventHandler<T> handler) {
    this.spec = spec;
    this.starter = Thread.ofPlatform().daemon().name("start-" + spec.durableName()).unstarted(
        () -> startLoop(database, nats, decoder, handler));
  }

  /** Returns at once; the consumer starts as soon as its stream can be reached. */
  public static <T> BackgroundConsumer<T> start(
      Database database,
      TrackedConnection nats,
      ConsumerSpec spec,
      EventDecoder<T> decoder,
      EventHandler<T> handler) {
    var consumer = new BackgroundConsumer<>(database, nats, spec, decoder, handler);
    consumer.starter.start();
    return consumer;
  }

  public String name() {
    return spec.durableName();
  }

  /** The running consumer, once it has started. */
  public Optional<ConsumerRunner<T>> runner() {
    return Optional.ofNullable(runner);
  }

  private void startLoop(
      Database database, TrackedConnection nats, EventDecoder<T> decoder, EventHandler<T> handler) {
    Duration pause = Duration.ofMillis(250);
    int failures = 0;
    while (closing.getCount() > 0) {
      try {
        ConsumerRunner<T> started = ConsumerRunner.start(database, nats, spec, decoder, handler);
        synchronized (this) {
          if (closing.getCount() == 0) {
            started.close();
            return;
          }
          runner = started;
        }
        LOG.info("consumer {} started on stream {} ({})",
            spec.durableName(), spec.stream(), spec.filterSubject());
        return;
      } catch (Exception e) {
        if (failures++ == 0) {
          LOG.info("consumer {} cannot start yet (stream {}: {}); retrying in the background",
              spec.durableName(), spec.stream(), e.toString());
        }
      }
      try {
        if (closing.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      }
      pause = pause.multipliedBy(2);
      if (pause.getSeconds() >= MAX_PAUSE_SECONDS) {
        pause = Duration.ofSeconds(MAX_PAUSE_SECONDS);
      }
    }
  }

  /** Stops trying to start, and stops the consumer if it runs (it finishes the event in hand). */
  @Override
  public void close() {
    ConsumerRunner<T> started;
    synchronized (this) {
      closing.countDown();
      started = runner;
    }
    try {
      starter.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (started != null) {
      started.close();
    }
  }
}
