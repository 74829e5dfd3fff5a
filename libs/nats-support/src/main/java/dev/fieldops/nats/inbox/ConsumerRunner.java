package dev.fieldops.nats.inbox;

import dev.fieldops.jooq.Database;
import dev.fieldops.jooq.SqlFailures;
import dev.fieldops.jooq.Transactor;
import dev.fieldops.nats.JetStreamErrors;
import dev.fieldops.nats.TrackedConnection;
import dev.fieldops.nats.inbox.EventEnvelope.InvalidEnvelopeException;
import dev.fieldops.nats.inbox.InboxStore.Parking;
import io.nats.client.ConsumeOptions;
import io.nats.client.ConsumerContext;
import io.nats.client.IterableConsumer;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamStatusCheckedException;
import io.nats.client.Message;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.impl.Headers;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one durable pull consumer: pulls messages in batches and applies each, in stream order, on
 * one thread.
 *
 * <p>For each message: validate the envelope, check its type against its subject ({@link
 * EventSubjects}) and decode the payload (a failure parks the message at once), then in ONE
 * transaction record the event in the inbox (an event already there is a duplicate: skipped) and
 * run the handler, then acknowledge after the commit. A crash between commit and acknowledgement
 * only causes a redelivery, which the inbox skips. A failing handler is retried by redelivery with
 * the consumer's backoff and parked after {@link ConsumerSpec#maxDeliver()} attempts; later events
 * keep flowing meanwhile. Attempts are what this process tried ({@link Attempts}), not deliveries:
 * a delivery that a crash ended or that an outage handed back tried nothing.
 *
 * <p>Per-aggregate order. JetStream delivers a stream's messages in order and the relay publishes
 * each aggregate's events in order, but with several replicas sharing the durable (or a retry after
 * a failure) two events of one aggregate can be applied concurrently or overtake each other. Events
 * carry their aggregate's contiguous sequence ({@code fieldops-aggregate-sequence}); with {@link
 * AggregateOrder#publishOrder() publish order} (the default) the inbox transaction locks the
 * consumer's progress row of the aggregate and applies an event only when its predecessor was
 * applied: otherwise it is handed back with a delay (briefly the first time this process finds it
 * waiting, then along the backoff: {@link Attempts}, which counts waits, not deliveries). After
 * {@link ConsumerSpec#maxDeliver()} attempts it is parked as {@link
 * ParkReason#PREDECESSOR_MISSING}, held at its place in the aggregate: the transaction that applies
 * its predecessor applies it too (and its held successors, in order), so a late predecessor never
 * leaves its successors to an operator. Events the consumer does not decode pass the same way, so
 * they count. Events without a sequence (published before it existed), and every event of a
 * consumer declared {@link AggregateOrder#arrivalOrder() commutative}, are checked by version
 * instead: the inbox records the newest version applied per aggregate, and an older event is
 * handled per {@link ConsumerSpec#outOfOrder()}. Events of one change share a version and are all
 * applied.
 *
 * <p>A database outage is not the handler's fault: the runner stops pulling until the database
 * answers again instead of spending the event's attempts. The durable has no delivery limit of its
 * own: the runner parks an event after {@code maxDeliver} attempts, and deliveries that a crash or
 * an outage ended (each hand-back during an outage is one) never make JetStream give an event up
 * unparked. With a limit a few deliveries above {@code maxDeliver}, enough of them would have made
 * the server drop the event, applied nowhere and parked nowhere.
 *
 * <p>Broker outages and data loss. The runner looks at its durable every few seconds besides
 * pulling: a pull on a durable the broker lost (killed and its store deleted, or the stream
 * re-created) may simply stay empty for ever. When the durable or its stream is gone, the runner
 * re-creates the durable as soon as the stream is back (the stream belongs to another context,
 * which re-creates it) and resumes; the new durable delivers the stream from its start, and the
 * inbox skips what was applied before. Meanwhile {@link ConsumerState#problem()} says what is
 * wrong, for health.
 *
 * <p>Traces and logs. Each message is processed in a span ({@code process <subject>}) that
 * continues the trace of its {@code traceparent} header, current while the inbox transaction and
 * the handler run (so the events the handler writes carry it on); every log line written meanwhile
 * carries the event's fields ({@link EventMdc}).
 */
public final class ConsumerRunner<T> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ConsumerRunner.class);
  // How long the runner waits for a message before it looks at the time and whether it is
  // stopping: a stop waits up to this before the draining. Each wake-up is a timed wait on the
  // client's local queue, no request to the server.
  private static final Duration POLL = Duration.ofMillis(100);
  // How often a runner without a NATS connection looks again.
  private static final Duration DISCONNECTED_POLL = Duration.ofMillis(500);
  // A pull lives this long (its idle heartbeat half of it) before the client pulls again: after
  // a consumer leader changes in a cluster (the old one crashed or froze), a pull the old leader
  // held is replaced within seconds. With jnats' default (30 s) the runner sat idle for more than a
  // minute after a frozen leader came back (ClusterFaultsIT).
  private static final Duration PULL_EXPIRES = Duration.ofSeconds(5);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final long PURGE_EVERY_NANOS = TimeUnit.MINUTES.toNanos(10);
  private static final long DEAD_LETTER_PURGE_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static final long CHECK_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static final long MAX_PAUSE_MILLIS = 5_000;
  // A message that met a database outage comes back this soon (the runner pulls again only once
  // the database answers).
  private static final Duration DATABASE_RETRY = Duration.ofSeconds(1);
  // How long a stopping runner goes on applying what it pulled, and how long it waits for more.
  private static final Duration DRAIN_LIMIT = Duration.ofSeconds(5);
  private static final Duration DRAIN_QUIET = Duration.ofMillis(50);
  // JetStream's "no delivery limit".
  private static final long UNLIMITED = -1;

  private final ConsumerSpec spec;
  private final Database database;
  private final DSLContext dsl;
  private final Transactor transactor;
  private final TrackedConnection nats;
  private final EventDecoder<T> decoder;
  private final EventHandler<T> handler;
  private final Duration inboxRetention;
  private final Clock clock = Clock.systemUTC();

  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong ignored = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final AtomicLong parked = new AtomicLong();
  // Held events applied in their predecessor's transaction.
  private final AtomicLong released = new AtomicLong();
  // Deliveries handed back because the event's predecessor was not applied yet.
  private final AtomicLong waiting = new AtomicLong();
  // This process's attempts per message (waits for a predecessor, handler failures; not the
  // message's deliveries).
  private final Attempts attempts;
  // Messages of the stream not yet delivered to the durable, from its consumer info; -1 unknown.
  private final AtomicLong pending = new AtomicLong(-1);
  private volatile ConsumerObserver observer = ConsumerObserver.NONE;
  private final AtomicReference<String> lastError = new AtomicReference<>();
  private final AtomicReference<Instant> lastErrorTime = new AtomicReference<>();
  // What keeps the runner from fetching and applying now; null while it works.
  private final AtomicReference<String> problem = new AtomicReference<>("starting");

  private volatile boolean running;
  private Thread worker;

  /** Parked since the last dead-letter purge; a burst triggers one early. Runner thread only. */
  private int parkedSincePurge;

  private long nextDeadLetterPurge = System.nanoTime();

  private ConsumerRunner(
      Database database,
      TrackedConnection nats,
      ConsumerSpec spec,
      EventDecoder<T> decoder,
      EventHandler<T> handler,
      Duration inboxRetention) {
    this.database = database;
    this.dsl = database.dsl();
    this.transactor = database.transactor();
    this.nats = nats;
    this.spec = spec;
    this.decoder = decoder;
    this.handler = handler;
    this.inboxRetention = inboxRetention;
    // Room for every message the durable may have out, twice: a count evicted early only gives
    // the message its attempts again.
    this.attempts = new Attempts(spec, 2 * spec.maxAckPending());
  }

  /**
   * Creates or updates the durable consumer and starts applying events. Inbox rows are kept 7 days:
   * long enough to recognise any redelivery or republication.
   *
   * @throws IOException, JetStreamApiException when the durable consumer cannot be created (for
   *     example the stream does not exist)
   */
  public static <T> ConsumerRunner<T> start(
      Database database,
      TrackedConnection nats,
      ConsumerSpec spec,
      EventDecoder<T> decoder,
      EventHandler<T> handler)
      throws IOException, JetStreamApiException {
    return start(database, nats, spec, decoder, handler, Duration.ofDays(7));
  }

  /**
   * Like {@link #start(Database, TrackedConnection, ConsumerSpec, EventDecoder, EventHandler)},
   * keeping inbox rows for {@code inboxRetention}.
   */
  public static <T> ConsumerRunner<T> start(
      Database database,
      TrackedConnection nats,
      ConsumerSpec spec,
      EventDecoder<T> decoder,
      EventHandler<T> handler,
      Duration inboxRetention)
      throws IOException, JetStreamApiException {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(nats, "nats");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(decoder, "decoder");
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(inboxRetention, "inboxRetention");
    var runner = new ConsumerRunner<>(database, nats, spec, decoder, handler, inboxRetention);
    ConsumerContext context = runner.provision();
    runner.running = true;
    runner.worker =
        Thread.ofPlatform()
            .daemon()
            .name("consumer-" + spec.durableName())
            .start(() -> runner.loop(context));
    return runner;
  }

  /** The durable consumer's name, also its key in the inbox and dead-letter tables. */
  public String name() {
    return spec.durableName();
  }

  public ConsumerSpec spec() {
    return spec;
  }

  public ConsumerState state() {
    return new ConsumerState(
        running,
        running ? Optional.ofNullable(problem.get()) : Optional.of("stopped"),
        applied.get(),
        duplicates.get(),
        ignored.get(),
        retried.get(),
        parked.get(),
        released.get(),
        Optional.ofNullable(lastError.get()),
        Optional.ofNullable(lastErrorTime.get()));
  }

  /**
   * Messages of the stream not yet delivered to this durable (the consumer's lag), as JetStream
   * reported at the runner's last check (every few seconds); -1 before the first.
   */
  public long pending() {
    return pending.get();
  }

  /**
   * Deliveries handed back so far because the event's predecessor in its aggregate was not applied
   * yet (another replica was applying it, or it is being retried).
   */
  public long waitedForPredecessor() {
    return waiting.get();
  }

  /** Tells {@code observer} about every event applied from now on (metrics). */
  public void observe(ConsumerObserver observer) {
    this.observer = Objects.requireNonNull(observer, "observer");
  }

  /** This consumer's parked events. */
  public DeadLetters deadLetters() {
    return new DeadLetters(database, java.util.List.of(this));
  }

  /**
   * Stops pulling, finishes the message in hand and applies the others already pulled (bounded: a
   * few seconds); what is left is delivered again after its ack wait, to this or another instance.
   */
  public void stop() {
    running = false;
    Thread w = worker;
    if (w != null) {
      awaitStopped(w); // at once when it has ended
    }
  }

  /**
   * Tells the runner to stop without waiting for it: a supervisor stopping several runners tells
   * them all first, so that they drain side by side, then {@link #stop()}s each.
   */
  void requestStop() {
    running = false;
  }

  private static void awaitStopped(Thread w) {
    try {
      w.join(STOP_TIMEOUT);
      if (w.isAlive()) {
        w.interrupt();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * Creates the durable, or updates one an earlier release created. It has a plain ack wait (the
   * backoff's first entry: how long one attempt may take), no delivery limit (the runner parks) and
   * no JetStream {@code BackOff}: the runner paces every retry itself, with a delay on each
   * negative acknowledgement. With a {@code BackOff}, nats-server counts a delayed nak from the
   * backoff's entry for the delivery instead of the ack wait, so a 200 ms pause asked on a
   * message's second delivery lasted 20 s, on its third almost 2 min, with the services' default
   * backoff.
   */
  private ConsumerContext provision() throws IOException, JetStreamApiException {
    ConsumerConfiguration config =
        ConsumerConfiguration.builder()
            .durable(spec.durableName())
            .filterSubject(spec.filterSubject())
            .deliverPolicy(DeliverPolicy.All)
            .ackPolicy(AckPolicy.Explicit)
            .ackWait(spec.backoff().get(0))
            .maxDeliver(UNLIMITED)
            .maxAckPending(spec.maxAckPending())
            .build();
    return nats.connection().getStreamContext(spec.stream()).createOrUpdateConsumer(config);
  }

  private void loop(ConsumerContext initial) {
    ConsumerContext context = initial;
    long nextPurge = System.nanoTime();
    long pauseMillis = 100;
    while (running) {
      IterableConsumer messages = null;
      try {
        if (!nats.isConnected()) {
          // Nothing to fetch from; the durable is looked at again after the reconnect.
          troubled("NATS is not connected", null);
          context = null;
          Thread.sleep(DISCONNECTED_POLL.toMillis());
          continue;
        }
        if (context == null) {
          // After a failure the durable may be gone (stream recreated, consumer deleted).
          context = provision();
        }
        messages =
            context.iterate(
                ConsumeOptions.builder()
                    .batchSize(spec.batchSize())
                    .expiresIn(PULL_EXPIRES.toMillis())
                    .build());
        pauseMillis = 100;
        boolean databaseDown = false;
        long nextCheck = System.nanoTime();
        while (running && !databaseDown) {
          if (System.nanoTime() - nextCheck >= 0) {
            // Throws when the durable or its stream is gone, or JetStream does not answer.
            pending.set(context.getConsumerInfo().getNumPending());
            recovered();
            nextCheck = System.nanoTime() + CHECK_EVERY_NANOS;
          }
          Message message = messages.nextMessage(POLL);
          if (message != null) {
            databaseDown = process(message);
          }
          if (System.nanoTime() - nextPurge >= 0) {
            purgeInbox();
            nextPurge = System.nanoTime() + PURGE_EVERY_NANOS;
          }
          purgeDeadLettersWhenDue();
        }
        if (databaseDown) {
          release(messages);
          messages = null;
          troubled("the database is unreachable", null);
          awaitDatabase();
        } else if (!running) {
          drain(messages);
        }
      } catch (InterruptedException e) {
        break;
      } catch (JetStreamStatusCheckedException
          | IOException
          | JetStreamApiException
          | RuntimeException e) {
        if (!running) {
          break;
        }
        troubled(describeFailure(e), e);
        context = null;
        try {
          Thread.sleep(pauseMillis);
        } catch (InterruptedException interrupted) {
          break;
        }
        pauseMillis = Math.min(pauseMillis * 2, MAX_PAUSE_MILLIS);
      } finally {
        close(messages);
      }
    }
    running = false;
    log.info("consumer {} stopped", spec.durableName());
  }

  private String describeFailure(Exception e) {
    if (e instanceof JetStreamApiException api) {
      if (api.getApiErrorCode() == JetStreamErrors.STREAM_NOT_FOUND) {
        return "stream " + spec.stream() + " does not exist (waiting for it to come back)";
      }
      if (api.getApiErrorCode() == JetStreamErrors.CONSUMER_NOT_FOUND) {
        return "durable " + spec.durableName() + " does not exist (re-creating it)";
      }
    }
    return "cannot fetch from " + spec.stream() + ": " + e;
  }

  /**
   * Records what keeps the runner from working: a warning when the trouble begins or changes, the
   * repeats (a retry every few seconds during an outage) only at debug level.
   */
  private void troubled(String what, Throwable cause) {
    String before = problem.getAndSet(what);
    if (cause != null) {
      lastError.set(what);
      lastErrorTime.set(clock.instant());
    }
    if (!what.equals(before)) {
      log.warn("consumer {}: {}", spec.durableName(), what);
      if (cause != null) {
        log.debug("consumer {}: {}", spec.durableName(), what, cause);
      }
    }
  }

  private void recovered() {
    String before = problem.getAndSet(null);
    if (before != null && !before.equals("starting")) {
      log.info(
          "consumer {} fetches from {} again (was: {})", spec.durableName(), spec.stream(), before);
    }
  }

  /**
   * Stopping (a deploy, a scale-down): applies what was pulled and not applied yet, for at most
   * {@link #DRAIN_LIMIT}, instead of leaving it to be delivered again after its ack wait. Handing
   * it back does not help: nats-server 2.9 delivered a handed-back message to this runner's own
   * pull request, still open after its subscription was closed, where it waited for the ack wait
   * all the same.
   */
  private void drain(IterableConsumer messages)
      throws InterruptedException, JetStreamStatusCheckedException {
    messages.stop();
    long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
    Message message;
    while (System.nanoTime() - deadline < 0
        && (message = messages.nextMessage(DRAIN_QUIET)) != null) {
      if (process(message)) {
        return;
      }
    }
  }

  /**
   * Stops pulling and hands back what was pulled but not applied (the database is away), so that it
   * is delivered again soon after the runner pulls again, instead of after its ack wait and
   * backoff.
   */
  private void release(IterableConsumer messages) {
    try {
      messages.stop();
      Message pulled;
      while ((pulled = messages.nextMessage(Duration.ofMillis(20))) != null) {
        pulled.nakWithDelay(DATABASE_RETRY);
      }
    } catch (Exception e) {
      log.debug("handing back the messages of {} failed", spec.durableName(), e);
    } finally {
      close(messages);
    }
  }

  private void close(IterableConsumer messages) {
    if (messages == null) {
      return;
    }
    try {
      messages.stop();
      messages.close();
    } catch (Exception e) {
      log.debug("closing consumer {} failed", spec.durableName(), e);
    }
  }

  /** Applies one message; returns true when the database is unreachable (stop pulling). */
  boolean process(Message message) {
    long streamSeq = message.metaData().streamSequence();
    Map<String, String> headers = headerMap(message.getHeaders());
    Span span =
        nats.tracing().startProcess(message.getSubject(), headers, spec.durableName(), streamSeq);
    try (Scope scope = span.makeCurrent();
        EventMdc mdc =
            EventMdc.put(
                span.getSpanContext(),
                spec.durableName(),
                message.getSubject(),
                streamSeq,
                headers)) {
      return process(message, streamSeq, headers);
    } catch (RuntimeException | Error e) {
      span.recordException(e);
      span.setStatus(StatusCode.ERROR);
      throw e;
    } finally {
      span.end();
    }
  }

  private boolean process(Message message, long streamSeq, Map<String, String> headers) {
    long attempt = attempts.current(streamSeq);
    byte[] payload = message.getData() == null ? new byte[0] : message.getData();

    EventEnvelope envelope;
    try {
      envelope = EventEnvelope.parse(message.getSubject(), headers, payload);
    } catch (InvalidEnvelopeException e) {
      return park(
          message,
          new Parking(
              spec.durableName(),
              null,
              message.getSubject(),
              streamSeq,
              headers,
              payload,
              ParkReason.INVALID_ENVELOPE,
              e.getMessage(),
              1),
          null);
    }
    Optional<String> mismatch = spec.events().mismatch(envelope);
    if (mismatch.isPresent()) {
      return park(
          message, parking(envelope, streamSeq, ParkReason.REJECTED, mismatch.get(), 1), envelope);
    }
    boolean sequenced = sequenced(envelope);
    if (!spec.events().declares(envelope.type())) {
      if (sequenced) {
        return applyInSequence(message, envelope, null, streamSeq, attempt);
      }
      ignored.incrementAndGet();
      message.ack();
      return false;
    }
    T event;
    try {
      event = decoder.decode(envelope);
    } catch (Exception e) {
      ParkReason reason =
          e instanceof RejectedEventException ? ParkReason.REJECTED : ParkReason.UNDECODABLE;
      return park(message, parking(envelope, streamSeq, reason, describe(e), 1), envelope);
    }
    if (sequenced) {
      return applyInSequence(message, envelope, event, streamSeq, attempt);
    }
    if (event == null) {
      ignored.incrementAndGet();
      message.ack();
      return false;
    }
    return applyInTransaction(
        message,
        envelope,
        streamSeq,
        attempt,
        tx -> apply(tx, envelope, event, streamSeq, message.metaData().deliveredCount()));
  }

  /** Whether the event is applied in its aggregate's publish order ({@link AggregateOrder}). */
  private boolean sequenced(EventEnvelope envelope) {
    return envelope.aggregateSequence() > 0
        && envelope.aggregateType().map(spec.order()::sequences).orElse(false);
  }

  /**
   * Applies an event in its aggregate's publish order: now if its predecessor was applied,
   * otherwise it is handed back with a delay, and parked after the consumer's attempts. {@code
   * event} is null for an event the consumer does not decode: it is not handled, but counts in the
   * order.
   */
  private boolean applyInSequence(
      Message message, EventEnvelope envelope, T event, long streamSeq, long attempt) {
    return applyInTransaction(
        message,
        envelope,
        streamSeq,
        attempt,
        tx ->
            applySequenced(
                tx, envelope, event, streamSeq, attempt, message.metaData().deliveredCount()));
  }

  private boolean applyInTransaction(
      Message message,
      EventEnvelope envelope,
      long streamSeq,
      long attempt,
      java.util.function.Function<DSLContext, Outcome> work) {
    Outcome outcome;
    try {
      outcome = transactor.inTransaction(work::apply);
    } catch (RuntimeException failure) {
      Throwable cause = failure instanceof HandlerFailure hf ? hf.getCause() : failure;
      if (cause instanceof RejectedEventException) {
        return park(
            message,
            parking(envelope, streamSeq, ParkReason.REJECTED, describe(cause), (int) attempt),
            envelope);
      }
      if (attempt < spec.maxDeliver()
          && sequenced(envelope)
          && SqlFailures.sqlState(cause)
              .filter(SqlFailures.LOCK_NOT_AVAILABLE::equals)
              .isPresent()) {
        // Another replica holds the aggregate's progress row longer than the lock timeout: it is
        // applying an earlier event of the aggregate. Not this event's failure.
        waiting.incrementAndGet();
        message.nakWithDelay(attempts.waited(streamSeq));
        return false;
      }
      if (SqlFailures.isConnectionFailure(cause)) {
        recordError("database unreachable while applying " + envelope, cause);
        // Not the handler's fault, and not an attempt: back soon after the database is, not
        // after the backoff. What was counted before the outage is forgotten: a predecessor the
        // event waited for was held up by the same outage, and its next wait is short again.
        attempts.settled(streamSeq);
        message.nakWithDelay(DATABASE_RETRY);
        return true;
      }
      if (attempt >= spec.maxDeliver()) {
        return park(
            message,
            parking(envelope, streamSeq, ParkReason.HANDLER_FAILED, describe(cause), (int) attempt),
            envelope);
      }
      retried.incrementAndGet();
      traceOutcome("retried").recordException(cause);
      recordError(
          "attempt " + attempt + " of " + spec.maxDeliver() + " failed for " + envelope, cause);
      message.nakWithDelay(attempts.failed(streamSeq));
      return false;
    }
    traceOutcome(outcome.name().toLowerCase(java.util.Locale.ROOT));
    if (outcome != Outcome.WAITING) {
      attempts.settled(streamSeq);
    }
    switch (outcome) {
      case APPLIED -> {
        applied.incrementAndGet();
        observer.applied(spec.durableName(), envelope);
      }
      case DUPLICATE -> duplicates.incrementAndGet();
      case PARKED -> parked.incrementAndGet();
      case IGNORED -> ignored.incrementAndGet();
      case WAITING -> {
        waiting.incrementAndGet();
        log.debug(
            "consumer {}: {}; attempt {} handed back",
            spec.durableName(),
            waitingFor(envelope),
            attempt);
        message.nakWithDelay(attempts.waited(streamSeq));
        return false;
      }
      case PARKED_ALREADY -> {
        return terminateParkedAgain(message, streamSeq);
      }
      case HELD -> {
        parked.incrementAndGet();
        traceOutcome("parked").setStatus(StatusCode.ERROR, ParkReason.PREDECESSOR_MISSING.name());
        parkedSincePurge++;
        log.warn(
            "consumer {} parked the message at stream sequence {} ({}): {} (still missing after {}"
                + " attempts); it is applied when its predecessor is",
            spec.durableName(),
            streamSeq,
            ParkReason.PREDECESSOR_MISSING,
            waitingFor(envelope),
            attempt);
        message.term();
        return false;
      }
    }
    message.ack();
    return false;
  }

  private static String waitingFor(EventEnvelope envelope) {
    return "event "
        + envelope.aggregateSequence()
        + " of "
        + envelope.aggregateType().orElse("?")
        + " "
        + envelope.aggregateId()
        + " arrived before its predecessor was applied";
  }

  /** Notes on the message's span what became of it. */
  private static Span traceOutcome(String outcome) {
    return Span.current().setAttribute(OUTCOME, outcome);
  }

  private static final io.opentelemetry.api.common.AttributeKey<String> OUTCOME =
      io.opentelemetry.api.common.AttributeKey.stringKey("fieldops.consumer.outcome");

  private enum Outcome {
    APPLIED,
    DUPLICATE,
    PARKED,
    /** Counted in its aggregate's order, not handled: the consumer does not decode it. */
    IGNORED,
    /**
     * Delivered again after it was parked (its parking outlasted the ack wait): the row took the
     * delivery, or nothing did when the retention had deleted the row; not another parking.
     */
    PARKED_ALREADY,
    /** Its predecessor in the aggregate is not applied yet; nothing was written. */
    WAITING,
    /**
     * Its predecessor was still not applied after the delivery limit: parked as {@link
     * ParkReason#PREDECESSOR_MISSING}, held until the predecessor is applied.
     */
    HELD
  }

  /** Carries a handler's checked exception through the transactor. */
  static final class HandlerFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HandlerFailure(Throwable cause) {
      super(cause);
    }
  }

  private Outcome apply(
      DSLContext tx, EventEnvelope envelope, T event, long streamSeq, long delivery) {
    String consumer = spec.durableName();
    if (!InboxStore.recordApplied(tx, consumer, envelope, streamSeq)) {
      return Outcome.DUPLICATE;
    }
    Optional<Long> last = InboxStore.lockLastVersion(tx, consumer, envelope.aggregateId());
    boolean overtaken = last.isPresent() && envelope.aggregateVersion() < last.get();
    if (overtaken && spec.outOfOrder() == OutOfOrderPolicy.PARK) {
      InboxStore.upsertOutcome(tx, consumer, envelope, streamSeq, InboxStore.PARKED);
      InboxStore.park(
          tx,
          parking(
              envelope,
              streamSeq,
              ParkReason.OUT_OF_ORDER,
              "version "
                  + envelope.aggregateVersion()
                  + " arrived after version "
                  + last.get()
                  + " of aggregate "
                  + envelope.aggregateId()
                  + " was applied",
              1),
          false); // its inbox row is new: not parked before
      log.warn("consumer {} parked {}: overtaken by version {}", consumer, envelope, last.get());
      return Outcome.PARKED;
    }
    try {
      handler.handle(new InboundEvent<>(envelope, event, streamSeq, delivery, overtaken));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new HandlerFailure(e);
    }
    InboxStore.advanceVersion(tx, consumer, envelope.aggregateId(), envelope.aggregateVersion());
    return Outcome.APPLIED;
  }

  /**
   * The transaction of a sequenced event: lock the consumer's progress row of the aggregate, then
   * apply the event only if it is the next one. A copy of an applied event (sequence at or below
   * the progress) is a duplicate even after its inbox row was purged.
   */
  private Outcome applySequenced(
      DSLContext tx, EventEnvelope envelope, T event, long streamSeq, long attempt, long delivery) {
    String consumer = spec.durableName();
    String type = envelope.aggregateType().orElseThrow();
    long sequence = envelope.aggregateSequence();
    InboxStore.Progress progress =
        InboxStore.lockSequence(tx, consumer, type, envelope.aggregateId());
    long last = progress.lastSeq();
    if (sequence <= last) {
      InboxStore.recordApplied(tx, consumer, envelope, streamSeq);
      return Outcome.DUPLICATE;
    }
    if (sequence > last + 1) {
      if (attempt < spec.maxDeliver()) {
        return Outcome.WAITING;
      }
      // Parked under the progress row's lock: the transaction that applies the predecessor takes
      // the same lock, so it either sees this event held (and applies it) or commits first (and
      // this transaction sees the predecessor applied instead).
      boolean parkedBefore = InboxStore.recordParked(tx, consumer, envelope, streamSeq);
      InboxStore.Parked held =
          InboxStore.hold(
              tx,
              parking(
                  envelope,
                  streamSeq,
                  ParkReason.PREDECESSOR_MISSING,
                  waitingFor(envelope) + " (still missing after " + attempt + " attempts)",
                  (int) attempt),
              parkedBefore,
              type,
              envelope.aggregateId(),
              sequence);
      return held.already() ? Outcome.PARKED_ALREADY : Outcome.HELD;
    }
    if (!InboxStore.recordApplied(tx, consumer, envelope, streamSeq)) {
      // Recorded before: parked (its successors wait for an operator's retry), or applied by an
      // operator's retry.
      return Outcome.DUPLICATE;
    }
    if (event != null) {
      try {
        handler.handle(new InboundEvent<>(envelope, event, streamSeq, delivery, false));
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new HandlerFailure(e);
      }
      InboxStore.advanceVersion(tx, consumer, envelope.aggregateId(), envelope.aggregateVersion());
    }
    InboxStore.advanceSequence(tx, consumer, type, envelope.aggregateId(), sequence);
    if (progress.held()) {
      releaseHeld(tx, type, envelope.aggregateId(), sequence);
    }
    return event == null ? Outcome.IGNORED : Outcome.APPLIED;
  }

  /**
   * Applies, in order and in the caller's transaction, the events of the aggregate held after
   * {@code sequence} (parked as {@link ParkReason#PREDECESSOR_MISSING} while it was missing), each
   * under a savepoint: a held event whose handler fails stays parked, now as {@link
   * ParkReason#HANDLER_FAILED} for an operator's retry, without undoing its predecessor, and holds
   * its own successors back. A lost connection fails the whole transaction, as any outage does.
   * Runs only when the aggregate's progress row says events may be held (or for an operator's
   * retry), and leaves that flag saying whether any still are.
   */
  private void releaseHeld(DSLContext tx, String type, String aggregateId, long sequence) {
    String consumer = spec.durableName();
    for (long next = sequence + 1; ; next++) {
      Optional<DeadLetter> held = InboxStore.lockHeld(tx, consumer, type, aggregateId, next);
      if (held.isEmpty()) {
        break;
      }
      DeadLetter letter = held.get();
      long place = next;
      try {
        transactor.joinedUnderSavepoint(
            inner -> {
              applyHeld(inner, letter, type, aggregateId, place);
              return null;
            });
      } catch (RuntimeException e) {
        if (SqlFailures.isConnectionFailure(e)) {
          throw e;
        }
        Throwable cause = e instanceof HandlerFailure ? e.getCause() : e;
        InboxStore.recordReleaseFailure(tx, letter.id(), describe(cause));
        log.warn(
            "consumer {}: held dead letter {} (event {} of {} {}) failed when its predecessor was"
                + " applied; it stays parked as {}",
            consumer,
            letter.id(),
            place,
            type,
            aggregateId,
            ParkReason.HANDLER_FAILED,
            cause);
        break;
      }
      transactor.afterCommit(released::incrementAndGet);
      log.info(
          "consumer {} applied held dead letter {} (event {} of {} {}) after its predecessor",
          consumer,
          letter.id(),
          place,
          type,
          aggregateId);
    }
    // Events held further on (behind a gap, or behind one that failed now) keep the flag set.
    InboxStore.settleHeld(tx, consumer, type, aggregateId);
  }

  /** Applies one held event, the next of its aggregate, and marks its dead letter retried. */
  private void applyHeld(
      DSLContext tx, DeadLetter letter, String type, String aggregateId, long sequence) {
    String consumer = spec.durableName();
    long streamSeq = letter.streamSequence().orElse(0L);
    try {
      EventEnvelope envelope =
          EventEnvelope.parse(letter.subject(), letter.headers(), letter.payload());
      T event = spec.events().declares(envelope.type()) ? decoder.decode(envelope) : null;
      if (event != null) {
        handler.handle(new InboundEvent<>(envelope, event, streamSeq, 0, false));
        InboxStore.advanceVersion(tx, consumer, aggregateId, envelope.aggregateVersion());
      }
      InboxStore.advanceSequence(tx, consumer, type, aggregateId, sequence);
      InboxStore.upsertOutcome(tx, consumer, envelope, streamSeq, InboxStore.APPLIED);
      InboxStore.markRetried(tx, letter.id());
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new HandlerFailure(e);
    }
  }

  /**
   * Parks the message and terminates its delivery. Returns true (stop pulling) when the database
   * refused the parking; the message is then redelivered later.
   */
  private boolean park(Message message, Parking parking, EventEnvelope envelope) {
    InboxStore.Parked result;
    try {
      result =
          transactor.inTransaction(
              tx -> {
                boolean parkedBefore = false;
                if (envelope != null) {
                  parkedBefore =
                      InboxStore.recordParked(
                          tx, spec.durableName(), envelope, parking.streamSeq());
                  passOver(tx, envelope, parking.reason());
                }
                return InboxStore.park(tx, parking, parkedBefore);
              });
    } catch (RuntimeException e) {
      recordError("parking a message of " + spec.durableName() + " failed", e);
      boolean databaseDown = SqlFailures.isConnectionFailure(e);
      // A refused parking is a failed attempt (paced along the backoff like a handler's); an
      // outage is none, as everywhere else.
      message.nakWithDelay(databaseDown ? DATABASE_RETRY : attempts.failed(parking.streamSeq()));
      return databaseDown;
    }
    attempts.settled(parking.streamSeq());
    if (result.already()) {
      traceOutcome("parked_already");
      return terminateParkedAgain(message, parking.streamSeq());
    }
    parked.incrementAndGet();
    traceOutcome("parked").setStatus(StatusCode.ERROR, parking.reason().name());
    parkedSincePurge++;
    log.warn(
        "consumer {} parked the message at stream sequence {} ({}): {}",
        spec.durableName(),
        parking.streamSeq(),
        parking.reason(),
        parking.error());
    message.term();
    return false;
  }

  /**
   * A delivery of an event that is parked already (JetStream delivered it again while its parking
   * was under way): the dead-letter row took it, or the retention deleted that row meanwhile and it
   * stays deleted; it is not another parking.
   */
  private boolean terminateParkedAgain(Message message, long streamSeq) {
    log.debug(
        "consumer {}: the message at stream sequence {} is parked already; delivery terminated",
        spec.durableName(),
        streamSeq);
    message.term();
    return false;
  }

  /**
   * An event that can never be applied (undecodable, rejected as invalid) no longer holds its
   * aggregate's later events back: when it is the next one of its aggregate, the consumer's
   * progress passes over it. One that failed ({@link ParkReason#HANDLER_FAILED}) or still waits for
   * its predecessor keeps them waiting until an operator retries it.
   */
  private void passOver(DSLContext tx, EventEnvelope envelope, ParkReason reason) {
    if (reason == ParkReason.HANDLER_FAILED
        || reason == ParkReason.PREDECESSOR_MISSING
        || !sequenced(envelope)) {
      return;
    }
    String type = envelope.aggregateType().orElseThrow();
    InboxStore.Progress progress =
        InboxStore.lockSequence(tx, spec.durableName(), type, envelope.aggregateId());
    if (envelope.aggregateSequence() == progress.lastSeq() + 1) {
      InboxStore.advanceSequence(
          tx, spec.durableName(), type, envelope.aggregateId(), envelope.aggregateSequence());
      if (progress.held()) {
        releaseHeld(tx, type, envelope.aggregateId(), envelope.aggregateSequence());
      }
    }
  }

  private Parking parking(
      EventEnvelope envelope, long streamSeq, ParkReason reason, String error, int attempts) {
    return new Parking(
        spec.durableName(),
        envelope.eventId(),
        envelope.subject(),
        streamSeq,
        envelope.headers(),
        envelope.payload(),
        reason,
        error,
        attempts);
  }

  private void awaitDatabase() throws InterruptedException {
    long pauseMillis = 250;
    while (running && !database.isReachable()) {
      Thread.sleep(pauseMillis);
      pauseMillis = Math.min(pauseMillis * 2, 5_000);
    }
  }

  private void purgeInbox() {
    try {
      int deleted;
      do {
        deleted = InboxStore.purge(dsl, spec.durableName(), inboxRetention, 5_000);
      } while (deleted == 5_000 && running);
    } catch (RuntimeException e) {
      recordError("purging the inbox of " + spec.durableName() + " failed", e);
    }
  }

  /**
   * Applies the dead-letter retention ({@link ConsumerSpec#deadLetters()}) about every minute, and
   * at once when more than a hundredth of the per-consumer maximum was parked since the last time,
   * so that a flood of poison events cannot outgrow the bound by much.
   */
  private void purgeDeadLettersWhenDue() {
    DeadLetterRetention retention = spec.deadLetters();
    boolean burst = parkedSincePurge >= Math.max(1, retention.maxPerConsumer() / 100);
    if (!burst && System.nanoTime() - nextDeadLetterPurge < 0) {
      return;
    }
    parkedSincePurge = 0;
    nextDeadLetterPurge = System.nanoTime() + DEAD_LETTER_PURGE_EVERY_NANOS;
    try {
      InboxStore.Purged purged = InboxStore.purgeDeadLetters(dsl, spec.durableName(), retention);
      if (purged.expired() > 0) {
        log.info(
            "consumer {} deleted {} dead letters older than {} ({})",
            spec.durableName(),
            purged.expired(),
            retention.maxAge(),
            DeadLetterRetention.MAX_AGE_VARIABLE);
      }
      if (purged.beyondCount() > 0) {
        log.warn(
            "consumer {} deleted its {} oldest dead letters beyond the newest {} ({})",
            spec.durableName(),
            purged.beyondCount(),
            retention.maxPerConsumer(),
            DeadLetterRetention.MAX_PER_CONSUMER_VARIABLE);
      }
    } catch (RuntimeException e) {
      recordError("purging the dead letters of " + spec.durableName() + " failed", e);
    }
  }

  private void recordError(String what, Throwable cause) {
    lastError.set(what + ": " + cause);
    lastErrorTime.set(clock.instant());
    log.warn("consumer {}: {}", spec.durableName(), what, cause);
  }

  /** Decodes and applies a parked event for an operator retry, inside {@code tx}. */
  void applyParked(DSLContext tx, EventEnvelope envelope, long streamSeq) throws Exception {
    Optional<String> mismatch = spec.events().mismatch(envelope);
    if (mismatch.isPresent()) {
      throw new RejectedEventException(mismatch.get());
    }
    T event = decoder.decode(envelope);
    if (sequenced(envelope)) {
      String type = envelope.aggregateType().orElseThrow();
      // An operator's retry looks for held successors whatever the progress row's flag says.
      long last =
          InboxStore.lockSequence(tx, spec.durableName(), type, envelope.aggregateId()).lastSeq();
      long sequence = envelope.aggregateSequence();
      if (sequence > last + 1) {
        throw new IllegalStateException(
            "event "
                + sequence
                + " of "
                + type
                + " "
                + envelope.aggregateId()
                + " cannot be applied before event "
                + (last + 1)
                + " of its aggregate: retry that one first");
      }
      if (event != null) {
        handler.handle(new InboundEvent<>(envelope, event, streamSeq, 0, sequence <= last));
        InboxStore.advanceVersion(
            tx, spec.durableName(), envelope.aggregateId(), envelope.aggregateVersion());
      }
      InboxStore.advanceSequence(tx, spec.durableName(), type, envelope.aggregateId(), sequence);
      if (sequence == last + 1) {
        releaseHeld(tx, type, envelope.aggregateId(), sequence);
      }
    } else if (event != null) {
      Optional<Long> last =
          InboxStore.lockLastVersion(tx, spec.durableName(), envelope.aggregateId());
      boolean overtaken = last.isPresent() && envelope.aggregateVersion() < last.get();
      handler.handle(new InboundEvent<>(envelope, event, streamSeq, 0, overtaken));
      InboxStore.advanceVersion(
          tx, spec.durableName(), envelope.aggregateId(), envelope.aggregateVersion());
    }
    InboxStore.upsertOutcome(tx, spec.durableName(), envelope, streamSeq, InboxStore.APPLIED);
  }

  static Map<String, String> headerMap(Headers headers) {
    Map<String, String> map = new LinkedHashMap<>();
    if (headers != null) {
      for (String key : headers.keySet()) {
        var values = headers.get(key);
        if (values != null && !values.isEmpty()) {
          map.put(key, String.join(",", values));
        }
      }
    }
    return map;
  }

  private static String describe(Throwable failure) {
    String message = failure.getMessage();
    return failure.getClass().getName() + (message == null ? "" : ": " + message);
  }
}
