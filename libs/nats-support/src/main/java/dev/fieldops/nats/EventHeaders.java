package dev.fieldops.nats;

import java.util.Set;

/**
 * Header names of an event message on NATS: the CloudEvents NATS binding in binary mode (the
 * payload is the event itself, the attributes travel as {@code ce-} headers) plus FieldOps'
 * aggregate version, type and sequence, and W3C trace context. The relay writes them, the consumer
 * runner reads them, and nobody else spells them.
 */
public final class EventHeaders {

  public static final String SPEC_VERSION = "ce-specversion";
  public static final String ID = "ce-id";
  public static final String SOURCE = "ce-source";
  public static final String TYPE = "ce-type";
  public static final String TIME = "ce-time";
  public static final String SUBJECT = "ce-subject";
  public static final String CONTENT_TYPE = "content-type";
  public static final String AGGREGATE_VERSION = "fieldops-aggregate-version";

  /**
   * The aggregate's kind ({@code alert}, {@code device}): with {@link #SUBJECT} it names the
   * aggregate whose {@link #AGGREGATE_SEQUENCE} counts.
   */
  public static final String AGGREGATE_TYPE = "fieldops-aggregate-type";

  /**
   * The event's number among its aggregate's events: 1, 2, 3, ... without gaps, in publish order.
   * Not CloudEvents' {@code sequence} extension, which orders all events of a source as
   * lexicographically compared strings: a consumer needs a per-aggregate integer without gaps to
   * tell that an event's predecessor has not been applied yet. Absent on events written before it
   * existed.
   */
  public static final String AGGREGATE_SEQUENCE = "fieldops-aggregate-sequence";

  public static final String TRACEPARENT = "traceparent";
  public static final String TRACESTATE = "tracestate";

  /** JetStream's deduplication header; always equal to {@link #ID}. */
  public static final String NATS_MSG_ID = "Nats-Msg-Id";

  public static final String CLOUDEVENTS_SPEC_VERSION = "1.0";
  public static final String PROTOBUF = "application/protobuf";
  public static final String JSON = "application/json";

  /** Headers the relay derives from the outbox row; an event may not carry its own copy. */
  public static final Set<String> RESERVED =
      Set.of(
          SPEC_VERSION,
          ID,
          SOURCE,
          TYPE,
          TIME,
          SUBJECT,
          CONTENT_TYPE,
          AGGREGATE_VERSION,
          AGGREGATE_TYPE,
          AGGREGATE_SEQUENCE,
          NATS_MSG_ID.toLowerCase(java.util.Locale.ROOT));

  private EventHeaders() {}

  /** Whether {@code name} is set by the relay itself (compared case-insensitively). */
  public static boolean isReserved(String name) {
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    return RESERVED.contains(lower) || lower.startsWith("nats-") || lower.startsWith("ce-");
  }
}
