package dev.fieldops.nats;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The spans of events on their way through NATS, and the W3C trace context ({@value
 * EventHeaders#TRACEPARENT}) that links them: the context of the work that wrote an event is kept
 * in its outbox row ({@link #currentTraceparent()}), the relay's publish span is its child and
 * travels in the message's headers, and the consumer's process span continues it, so that one trace
 * runs from an RPC through every context that reacts to it.
 *
 * <p>Span names and attributes follow OpenTelemetry's messaging conventions: {@code publish
 * <subject>} (PRODUCER) and {@code process <subject>} (CONSUMER), {@code messaging.system=nats}.
 * The format is always W3C trace context, whatever propagators the SDK is configured with: the
 * headers are part of the event's contract.
 */
public final class EventTracing {

  /** The instrumentation scope of the event spans. */
  public static final String SCOPE = "dev.fieldops.nats";

  private static final TextMapPropagator W3C = W3CTraceContextPropagator.getInstance();
  private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
  private static final AttributeKey<String> DESTINATION =
      AttributeKey.stringKey("messaging.destination.name");
  private static final AttributeKey<String> OPERATION =
      AttributeKey.stringKey("messaging.operation.type");
  private static final AttributeKey<String> MESSAGE_ID =
      AttributeKey.stringKey("messaging.message.id");
  private static final AttributeKey<String> CONSUMER_GROUP =
      AttributeKey.stringKey("messaging.consumer.group.name");
  private static final AttributeKey<String> EVENT_TYPE =
      AttributeKey.stringKey("cloudevents.event_type");
  private static final AttributeKey<String> AGGREGATE_ID =
      AttributeKey.stringKey("fieldops.aggregate.id");

  /** The stream sequence of a published or consumed event. */
  public static final AttributeKey<Long> STREAM_SEQUENCE =
      AttributeKey.longKey("fieldops.nats.stream_sequence");

  private static final TextMapGetter<Map<String, String>> FROM_MAP =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  private static final EventTracing NONE = new EventTracing(OpenTelemetry.noop());

  private final Tracer tracer;

  private EventTracing(OpenTelemetry openTelemetry) {
    this.tracer = openTelemetry.getTracer(SCOPE);
  }

  /** Spans in {@code openTelemetry}'s traces. */
  public static EventTracing of(OpenTelemetry openTelemetry) {
    return new EventTracing(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }

  /** No spans; the trace context still travels. */
  public static EventTracing none() {
    return NONE;
  }

  /**
   * The W3C {@code traceparent} of the current span, for an event written now to carry (what an
   * {@code OutboxEncoder} stamps on its events); empty outside any trace.
   */
  public static Optional<String> currentTraceparent() {
    if (!Span.current().getSpanContext().isValid()) {
      return Optional.empty();
    }
    Map<String, String> headers = new HashMap<>(2);
    W3C.inject(Context.current(), headers, Map::put);
    return Optional.ofNullable(headers.get(EventHeaders.TRACEPARENT));
  }

  /**
   * Starts the relay's span for publishing one event, a child of the trace context stored with it
   * ({@code storedHeaders}); a root span when it has none. The caller ends it when the stream
   * acknowledged or refused the event.
   *
   * <p>The attributes are added once the sampler has decided, and only to a span that records: an
   * event of an unsampled trace (nine in ten at 10 % sampling) gets a non-recording span that only
   * carries the context on, without the attribute map the SDK would otherwise build and discard.
   * The samplers the SDK offers ({@code OTEL_TRACES_SAMPLER}) decide on the trace id and the parent
   * only, never on attributes.
   */
  public Span startPublish(
      String subject,
      String eventType,
      String eventId,
      String aggregateId,
      Map<String, String> storedHeaders) {
    Span span =
        tracer
            .spanBuilder("publish " + subject)
            .setParent(W3C.extract(Context.root(), storedHeaders, FROM_MAP))
            .setSpanKind(SpanKind.PRODUCER)
            .startSpan();
    if (span.isRecording()) {
      span.setAttribute(SYSTEM, "nats");
      span.setAttribute(DESTINATION, subject);
      span.setAttribute(OPERATION, "send");
      span.setAttribute(MESSAGE_ID, eventId);
      span.setAttribute(EVENT_TYPE, eventType);
      span.setAttribute(AGGREGATE_ID, aggregateId);
    }
    return span;
  }

  /** Writes {@code span}'s context as the message's {@code traceparent} (and tracestate). */
  public static void inject(Span span, BiConsumer<String, String> headers) {
    W3C.inject(
        Context.root().with(span), headers, (carrier, key, value) -> headers.accept(key, value));
  }

  /**
   * Starts a consumer's span for processing one message, continuing the trace of its {@code
   * traceparent} header (the relay's publish span); a root span when it has none. Attributes only
   * on a recording span, as for {@link #startPublish}.
   */
  public Span startProcess(
      String subject, Map<String, String> headers, String durable, long streamSequence) {
    Span span =
        tracer
            .spanBuilder("process " + subject)
            .setParent(W3C.extract(Context.root(), headers, FROM_MAP))
            .setSpanKind(SpanKind.CONSUMER)
            .startSpan();
    if (!span.isRecording()) {
      return span;
    }
    span.setAttribute(SYSTEM, "nats");
    span.setAttribute(DESTINATION, subject);
    span.setAttribute(OPERATION, "process");
    span.setAttribute(CONSUMER_GROUP, durable);
    span.setAttribute(STREAM_SEQUENCE, streamSequence);
    String id = headers.get(EventHeaders.ID);
    if (id != null) {
      span.setAttribute(MESSAGE_ID, id);
    }
    String type = headers.get(EventHeaders.TYPE);
    if (type != null) {
      span.setAttribute(EVENT_TYPE, type);
    }
    String aggregate = headers.get(EventHeaders.SUBJECT);
    if (aggregate != null) {
      span.setAttribute(AGGREGATE_ID, aggregate);
    }
    return span;
  }
}
