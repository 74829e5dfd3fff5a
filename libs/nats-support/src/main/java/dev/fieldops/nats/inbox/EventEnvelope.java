package dev.fieldops.nats.inbox;

import dev.fieldops.nats.EventHeaders;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The validated CloudEvents attributes of a received event plus its raw payload: what a decoder
 * needs to pick a parser and what the inbox needs to deduplicate and order. Built by {@link
 * #parse}, which refuses anything incomplete: an event is untrusted input.
 *
 * @param eventId {@code ce-id}
 * @param type {@code ce-type}, the full protobuf name of the payload's message
 * @param source {@code ce-source}, the producing context
 * @param aggregateId {@code ce-subject}
 * @param aggregateVersion {@code fieldops-aggregate-version}
 * @param time {@code ce-time}
 * @param contentType {@code content-type} without parameters, lower case
 * @param subject the NATS subject it arrived on
 * @param headers every header (first value of each), looked up case-insensitively
 * @param payload the message body, not copied
 */
public record EventEnvelope(
    UUID eventId,
    String type,
    String source,
    String aggregateId,
    long aggregateVersion,
    Instant time,
    String contentType,
    String subject,
    Map<String, String> headers,
    byte[] payload) {

  private static final Pattern TYPE =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)+");
  private static final int MAX_ATTRIBUTE = 256;

  public EventEnvelope {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(payload, "payload");
    headers = Collections.unmodifiableMap(caseInsensitive(headers));
  }

  /** Whether the payload is protobuf binary. */
  public boolean isProtobuf() {
    return EventHeaders.PROTOBUF.equals(contentType);
  }

  /** Whether the payload is proto3 JSON. */
  public boolean isJson() {
    return EventHeaders.JSON.equals(contentType);
  }

  /**
   * {@code fieldops-aggregate-type}, the aggregate's kind; empty on events published before it was
   * sent.
   */
  public java.util.Optional<String> aggregateType() {
    String type = headers.get(EventHeaders.AGGREGATE_TYPE);
    return type == null || type.isBlank()
        ? java.util.Optional.empty()
        : java.util.Optional.of(type.trim());
  }

  /**
   * {@code fieldops-aggregate-sequence}: the event's number among its aggregate's events (1, 2, 3,
   * ... without gaps); 0 on events published before it was sent. {@link #parse} checked it.
   */
  public long aggregateSequence() {
    String value = headers.get(EventHeaders.AGGREGATE_SEQUENCE);
    return value == null ? 0 : Long.parseLong(value.trim());
  }

  /** A header by name, case-insensitively; null when absent. */
  public String header(String name) {
    return headers.get(name);
  }

  /**
   * Validates the headers of a received message.
   *
   * @throws InvalidEnvelopeException naming the first header that is missing or malformed
   */
  public static EventEnvelope parse(String subject, Map<String, String> rawHeaders, byte[] payload)
      throws InvalidEnvelopeException {
    Map<String, String> headers = caseInsensitive(rawHeaders == null ? Map.of() : rawHeaders);
    String specVersion = required(headers, EventHeaders.SPEC_VERSION);
    if (!EventHeaders.CLOUDEVENTS_SPEC_VERSION.equals(specVersion)) {
      throw new InvalidEnvelopeException(
          EventHeaders.SPEC_VERSION + " must be " + EventHeaders.CLOUDEVENTS_SPEC_VERSION);
    }
    UUID id;
    try {
      id = UUID.fromString(required(headers, EventHeaders.ID));
    } catch (IllegalArgumentException e) {
      throw new InvalidEnvelopeException(EventHeaders.ID + " is not a UUID");
    }
    String type = required(headers, EventHeaders.TYPE);
    if (!TYPE.matcher(type).matches()) {
      throw new InvalidEnvelopeException(EventHeaders.TYPE + " is not a protobuf message name");
    }
    String source = required(headers, EventHeaders.SOURCE);
    String aggregateId = required(headers, EventHeaders.SUBJECT);
    long version;
    try {
      version = Long.parseLong(required(headers, EventHeaders.AGGREGATE_VERSION));
    } catch (NumberFormatException e) {
      throw new InvalidEnvelopeException(EventHeaders.AGGREGATE_VERSION + " is not a number");
    }
    if (version < 0) {
      throw new InvalidEnvelopeException(EventHeaders.AGGREGATE_VERSION + " is negative");
    }
    String sequence = headers.get(EventHeaders.AGGREGATE_SEQUENCE);
    if (sequence != null) {
      long number;
      try {
        number = Long.parseLong(sequence.trim());
      } catch (NumberFormatException e) {
        throw new InvalidEnvelopeException(EventHeaders.AGGREGATE_SEQUENCE + " is not a number");
      }
      if (number < 1) {
        throw new InvalidEnvelopeException(EventHeaders.AGGREGATE_SEQUENCE + " must be positive");
      }
    }
    String aggregateType = headers.get(EventHeaders.AGGREGATE_TYPE);
    if (aggregateType != null && aggregateType.length() > MAX_ATTRIBUTE) {
      throw new InvalidEnvelopeException(
          "header " + EventHeaders.AGGREGATE_TYPE + " is longer than " + MAX_ATTRIBUTE);
    }
    Instant time;
    try {
      time = OffsetDateTime.parse(required(headers, EventHeaders.TIME)).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidEnvelopeException(EventHeaders.TIME + " is not an RFC 3339 timestamp");
    }
    String contentType = mediaType(required(headers, EventHeaders.CONTENT_TYPE));
    if (!contentType.equals(EventHeaders.PROTOBUF) && !contentType.equals(EventHeaders.JSON)) {
      throw new InvalidEnvelopeException(
          EventHeaders.CONTENT_TYPE
              + " must be "
              + EventHeaders.PROTOBUF
              + " or "
              + EventHeaders.JSON);
    }
    if (payload == null) {
      throw new InvalidEnvelopeException("the message has no payload");
    }
    return new EventEnvelope(
        id, type, source, aggregateId, version, time, contentType, subject, headers, payload);
  }

  private static String required(Map<String, String> headers, String name)
      throws InvalidEnvelopeException {
    String value = headers.get(name);
    if (value == null || value.isBlank()) {
      throw new InvalidEnvelopeException("header " + name + " is missing");
    }
    if (value.length() > MAX_ATTRIBUTE) {
      throw new InvalidEnvelopeException("header " + name + " is longer than " + MAX_ATTRIBUTE);
    }
    return value.trim();
  }

  private static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().toLowerCase(Locale.ROOT);
  }

  private static Map<String, String> caseInsensitive(Map<String, String> headers) {
    Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    map.putAll(headers);
    return map;
  }

  /** The envelope is unusable; the message is parked as {@link ParkReason#INVALID_ENVELOPE}. */
  public static final class InvalidEnvelopeException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidEnvelopeException(String message) {
      super(message);
    }
  }

  @Override
  public String toString() {
    return "EventEnvelope["
        + type
        + " "
        + eventId
        + " of "
        + aggregateId
        + " v"
        + aggregateVersion
        + " on "
        + subject
        + ", "
        + contentType
        + ", "
        + payload.length
        + " bytes]";
  }
}
