package dev.fieldops.nats.outbox;

import dev.fieldops.nats.EventHeaders;
import dev.fieldops.nats.EventTracing;
import dev.fieldops.nats.TrackedConnection;
import dev.fieldops.nats.outbox.ClaimedEvent.AggregateKey;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.PublishOptions;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import java.io.IOException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes a batch of claimed events asynchronously and collects their acknowledgements.
 *
 * <p>Ordering: the batch is published in waves, one event per aggregate per wave, and an
 * aggregate's next event is sent only after the previous one was acknowledged. Many aggregates are
 * in flight at once (up to the window of outstanding acknowledgements), but never two events of one
 * aggregate: if the first were lost with a broken connection while the second, still queued in the
 * client, went out after the reconnect, the second would overtake the first in the stream. A
 * failure stops that aggregate for this batch; a broken connection or a timeout stops the batch.
 *
 * <p>Each event sent gets a publish span ({@link EventTracing}), a child of the trace context its
 * outbox row kept, ended when the stream acknowledged or refused it; the message carries the span's
 * own context, so that the consumers continue the trace from it.
 */
final class EventPublisher {

  /** What one batch achieved; events not listed as acknowledged stay unpublished. */
  record Outcome(
      List<UUID> acknowledgedIds,
      List<String> acknowledgedRows,
      List<Long> streamSequences,
      int duplicates,
      int failures,
      Throwable lastFailure) {}

  private final TrackedConnection nats;
  private final RelayConfig config;

  /** A publisher over {@code nats}, which need not have connected yet (it is asked per batch). */
  EventPublisher(TrackedConnection nats, RelayConfig config) {
    this.nats = nats;
    this.config = config;
  }

  Outcome publish(List<ClaimedEvent> batch) throws InterruptedException {
    return publish(batch, () -> true);
  }

  /**
   * Publishes {@code batch}, sending each wave only while {@code sameConnection} holds: a
   * connection re-established during the batch may lead to a server that lost what the relay
   * checked before publishing, so the rest of the batch waits for the next claim (and its check).
   */
  Outcome publish(List<ClaimedEvent> batch, java.util.function.BooleanSupplier sameConnection)
      throws InterruptedException {
    JetStream jetStream = nats.jetStream();
    JetStreamManagement management = nats.management();
    Map<AggregateKey, ArrayDeque<ClaimedEvent>> lanes = new LinkedHashMap<>();
    for (ClaimedEvent event : batch) {
      lanes.computeIfAbsent(event.aggregate(), k -> new ArrayDeque<>()).add(event);
    }
    var run = new Run(batch.size());
    while (!lanes.isEmpty() && !run.aborted) {
      if (!sameConnection.getAsBoolean()) {
        run.aborted = true;
        run.lastFailure = new IllegalStateException("the NATS connection was re-established");
        run.failures++;
        break;
      }
      List<ClaimedEvent> wave = new ArrayList<>(lanes.size());
      for (ArrayDeque<ClaimedEvent> lane : lanes.values()) {
        wave.add(lane.peekFirst());
      }
      for (ClaimedEvent failed : publishWave(jetStream, management, wave, run)) {
        lanes.remove(failed.aggregate());
      }
      lanes
          .values()
          .removeIf(
              lane -> {
                lane.pollFirst();
                return lane.isEmpty();
              });
    }
    return new Outcome(
        run.ids, run.rows, run.sequences, run.duplicates, run.failures, run.lastFailure);
  }

  private static final class Run {
    final List<UUID> ids;
    final List<String> rows;
    final List<Long> sequences;
    int duplicates;
    int failures;
    Throwable lastFailure;
    boolean aborted;

    Run(int capacity) {
      ids = new ArrayList<>(capacity);
      rows = new ArrayList<>(capacity);
      sequences = new ArrayList<>(capacity);
    }
  }

  private record InFlight(ClaimedEvent event, CompletableFuture<PublishAck> ack, Span span) {}

  /** Publishes one event of each aggregate; returns the events that failed. */
  private List<ClaimedEvent> publishWave(
      JetStream jetStream, JetStreamManagement management, List<ClaimedEvent> wave, Run run)
      throws InterruptedException {
    List<ClaimedEvent> failed = new ArrayList<>();
    long deadline = System.nanoTime() + config.ackTimeout().toNanos();
    ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    for (ClaimedEvent event : wave) {
      while (inFlight.size() >= config.maxOutstandingAcks() && !run.aborted) {
        settle(management, inFlight.pollFirst(), deadline, run, failed);
      }
      if (run.aborted) {
        failed.add(event);
        continue;
      }
      // The id as text once: it is the ce-id header, the Nats-Msg-Id and the span's message id.
      String eventId = event.eventId().toString();
      Span span = startSpan(event, eventId);
      try {
        inFlight.addLast(new InFlight(event, send(jetStream, event, eventId, span), span));
      } catch (RuntimeException e) {
        // Disconnected or closed: the client refuses to queue anything.
        fail(event, e, run, failed);
        run.aborted = true;
        endSpan(span, e);
      }
    }
    while (!inFlight.isEmpty()) {
      InFlight next = inFlight.pollFirst();
      if (run.aborted) {
        next.ack().cancel(false);
        failed.add(next.event());
        endSpan(next.span(), run.lastFailure);
      } else {
        settle(management, next, deadline, run, failed);
      }
    }
    return failed;
  }

  private Span startSpan(ClaimedEvent event, String eventId) {
    return nats.tracing()
        .startPublish(
            event.subject(), event.eventType(), eventId, event.aggregateId(), event.headers());
  }

  private static void endSpan(Span span, Throwable failure) {
    if (failure != null) {
      span.recordException(failure);
      span.setStatus(StatusCode.ERROR);
    }
    span.end();
  }

  private CompletableFuture<PublishAck> send(
      JetStream jetStream, ClaimedEvent event, String eventId, Span span) {
    Headers headers = new Headers();
    headers.put(EventHeaders.SPEC_VERSION, EventHeaders.CLOUDEVENTS_SPEC_VERSION);
    headers.put(EventHeaders.ID, eventId);
    headers.put(EventHeaders.SOURCE, config.source());
    headers.put(EventHeaders.TYPE, event.eventType());
    headers.put(EventHeaders.TIME, DateTimeFormatter.ISO_INSTANT.format(event.occurTime()));
    headers.put(EventHeaders.SUBJECT, event.aggregateId());
    headers.put(EventHeaders.CONTENT_TYPE, event.contentType());
    headers.put(EventHeaders.AGGREGATE_VERSION, Long.toString(event.aggregateVersion()));
    headers.put(EventHeaders.AGGREGATE_TYPE, event.aggregateType());
    if (event.aggregateSeq() > 0) {
      headers.put(EventHeaders.AGGREGATE_SEQUENCE, Long.toString(event.aggregateSeq()));
    }
    event.headers().forEach(headers::put);
    // The publish span's context replaces the stored one: consumers become its children.
    EventTracing.inject(span, headers::put);
    PublishOptions options =
        PublishOptions.builder().messageId(eventId).expectedStream(config.stream()).build();
    return jetStream.publishAsync(event.subject(), headers, event.payload(), options);
  }

  private void settle(
      JetStreamManagement management,
      InFlight inFlight,
      long deadline,
      Run run,
      List<ClaimedEvent> failed)
      throws InterruptedException {
    int failuresBefore = run.failures;
    try {
      settleAck(management, inFlight, deadline, run, failed);
    } finally {
      endSpan(inFlight.span(), run.failures > failuresBefore ? run.lastFailure : null);
    }
  }

  private void settleAck(
      JetStreamManagement management,
      InFlight inFlight,
      long deadline,
      Run run,
      List<ClaimedEvent> failed)
      throws InterruptedException {
    ClaimedEvent event = inFlight.event();
    PublishAck ack;
    try {
      long left = Math.max(0, deadline - System.nanoTime());
      ack = inFlight.ack().get(left, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      inFlight.ack().cancel(false);
      fail(
          event,
          new TimeoutException("no acknowledgement within " + config.ackTimeout()),
          run,
          failed);
      run.aborted = true;
      return;
    } catch (ExecutionException | CancellationException e) {
      Throwable cause = rootOf(e);
      fail(event, cause, run, failed);
      // A refusal of this message (JetStream API error) concerns its aggregate only; anything
      // else means the connection is in trouble.
      if (!(cause instanceof JetStreamApiException)) {
        run.aborted = true;
      }
      return;
    }
    if (ack.isDuplicate() && !stillStored(management, event, ack.getSeqno(), run, failed)) {
      return;
    }
    inFlight.span().setAttribute(EventTracing.STREAM_SEQUENCE, ack.getSeqno());
    run.ids.add(event.eventId());
    run.rows.add(event.rowId());
    run.sequences.add(ack.getSeqno());
    if (ack.isDuplicate()) {
      run.duplicates++;
    }
    config
        .observer()
        .acknowledged(
            event.eventId(), ack.getSeqno(), ack.isDuplicate(), event.occurTime().toInstant());
  }

  /**
   * A duplicate acknowledgement names the sequence of the first copy. That copy may be gone (lost
   * by the server, or deleted) while the server still remembers its id; then the event must stay
   * unpublished until the duplicate window has passed and a new copy is accepted.
   */
  private boolean stillStored(
      JetStreamManagement management,
      ClaimedEvent event,
      long seq,
      Run run,
      List<ClaimedEvent> failed) {
    String id = event.eventId().toString();
    try {
      MessageInfo stored = management.getMessage(config.stream(), seq);
      Headers headers = stored.getHeaders();
      if (headers != null && id.equals(headers.getFirst(EventHeaders.NATS_MSG_ID))) {
        return true;
      }
    } catch (JetStreamApiException e) {
      // not found: fall through
    } catch (IOException e) {
      fail(event, e, run, failed);
      run.aborted = true;
      return false;
    }
    fail(
        event,
        new IllegalStateException(
            "stream "
                + config.stream()
                + " acknowledged event "
                + id
                + " as a duplicate of sequence "
                + seq
                + ", which no longer holds it; retrying after"
                + " the duplicate window"),
        run,
        failed);
    return false;
  }

  private void fail(ClaimedEvent event, Throwable cause, Run run, List<ClaimedEvent> failed) {
    failed.add(event);
    run.failures++;
    run.lastFailure = cause;
    config.observer().failed(event.eventId(), cause);
  }

  private static Throwable rootOf(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof ExecutionException
            || t instanceof java.util.concurrent.CompletionException
            || (t instanceof RuntimeException && t.getClass() == RuntimeException.class))
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
