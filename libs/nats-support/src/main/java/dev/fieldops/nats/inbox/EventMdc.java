package dev.fieldops.nats.inbox;

import dev.fieldops.nats.EventHeaders;
import io.opentelemetry.api.trace.SpanContext;
import java.util.Map;
import org.slf4j.MDC;

/**
 * The fields every log line written while a consumer handles an event carries (in the MDC, so
 * whatever logs — the runner, the handler, a repository — needs no parameter for them): which
 * event, where it came from, which consumer handles it, and the trace and span of its processing.
 */
public final class EventMdc implements AutoCloseable {

  public static final String TRACE_ID = "trace_id";
  public static final String SPAN_ID = "span_id";
  public static final String EVENT_ID = "event_id";
  public static final String EVENT_TYPE = "event_type";
  public static final String SUBJECT = "event_subject";
  public static final String STREAM_SEQUENCE = "stream_seq";
  public static final String DURABLE = "durable";
  public static final String AGGREGATE_ID = "aggregate_id";

  private final Map<String, String> previous;

  private EventMdc(Map<String, String> previous) {
    this.previous = previous;
  }

  /**
   * Puts the fields of the message at {@code streamSequence} on {@code subject} into the MDC, from
   * its headers (present even when the envelope turns out invalid); {@link #close()} restores what
   * was there.
   */
  static EventMdc put(
      SpanContext span,
      String durable,
      String subject,
      long streamSequence,
      Map<String, String> headers) {
    var mdc = new EventMdc(MDC.getCopyOfContextMap());
    if (span.isValid()) {
      MDC.put(TRACE_ID, span.getTraceId());
      MDC.put(SPAN_ID, span.getSpanId());
    }
    MDC.put(DURABLE, durable);
    MDC.put(SUBJECT, subject);
    MDC.put(STREAM_SEQUENCE, Long.toString(streamSequence));
    putIfPresent(EVENT_ID, headers.get(EventHeaders.ID));
    putIfPresent(EVENT_TYPE, headers.get(EventHeaders.TYPE));
    putIfPresent(AGGREGATE_ID, headers.get(EventHeaders.SUBJECT));
    return mdc;
  }

  private static void putIfPresent(String key, String value) {
    if (value != null) {
      MDC.put(key, value);
    }
  }

  @Override
  public void close() {
    if (previous == null) {
      MDC.clear();
    } else {
      MDC.setContextMap(previous);
    }
  }
}
