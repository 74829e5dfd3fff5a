package dev.fieldops.nats.outbox;

import dev.fieldops.nats.EventHeaders;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One domain event on its way to the stream, as a use case hands it to {@link OutboxWriter}.
 *
 * @param eventId the event's identity: outbox key, CloudEvents {@code ce-id} and {@code
 *     Nats-Msg-Id}; the same id that the event message carries in its own {@code event_id} field
 * @param aggregateType the aggregate's kind ({@code ticket}); with the id it scopes ordering
 * @param aggregateId the aggregate's id, sent as {@code ce-subject}
 * @param aggregateVersion the aggregate's version after the change; several events of one change
 *     share it and keep the order in which they were appended
 * @param subject NATS subject ({@code support.ticket.opened}), without wildcards
 * @param eventType full protobuf name of the event message ({@code
 *     fieldops.support.v1.TicketOpened}), sent as {@code ce-type}
 * @param contentType {@value EventHeaders#PROTOBUF} normally
 * @param payload the serialized event message; not copied, the caller must not change it
 * @param headers extra headers such as {@code traceparent}; the CloudEvents headers are derived
 *     from the other fields and may not appear here
 * @param occurTime when the change happened, sent as {@code ce-time}
 */
public record OutboxEvent(
    UUID eventId,
    String aggregateType,
    String aggregateId,
    long aggregateVersion,
    String subject,
    String eventType,
    String contentType,
    byte[] payload,
    Map<String, String> headers,
    Instant occurTime) {

  // NATS subject tokens: no whitespace, no wildcards, no empty tokens.
  private static final Pattern SUBJECT = Pattern.compile("[^\\s.*>]+(\\.[^\\s.*>]+)*");
  // RFC 7230 token characters, which NATS header names also accept.
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  public OutboxEvent {
    Objects.requireNonNull(eventId, "eventId");
    requireText("aggregateType", aggregateType);
    requireText("aggregateId", aggregateId);
    requireText("eventType", eventType);
    requireText("contentType", contentType);
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(occurTime, "occurTime");
    if (aggregateVersion < 0) {
      throw new IllegalArgumentException(
          "aggregateVersion must not be negative: " + aggregateVersion);
    }
    if (!SUBJECT.matcher(subject).matches()) {
      throw new IllegalArgumentException("not a publishable NATS subject: '" + subject + "'");
    }
    headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
    for (var header : headers.entrySet()) {
      if (!HEADER_NAME.matcher(header.getKey()).matches()) {
        throw new IllegalArgumentException("invalid header name '" + header.getKey() + "'");
      }
      if (EventHeaders.isReserved(header.getKey())) {
        throw new IllegalArgumentException(
            "header '" + header.getKey() + "' is set by the relay from the event's fields");
      }
      if (header.getValue().indexOf('\r') >= 0 || header.getValue().indexOf('\n') >= 0) {
        throw new IllegalArgumentException("header '" + header.getKey() + "' spans lines");
      }
    }
  }

  /** A protobuf-encoded event without extra headers. */
  public static OutboxEvent protobuf(
      UUID eventId,
      String aggregateType,
      String aggregateId,
      long aggregateVersion,
      String subject,
      String eventType,
      byte[] payload,
      Instant occurTime) {
    return new OutboxEvent(
        eventId,
        aggregateType,
        aggregateId,
        aggregateVersion,
        subject,
        eventType,
        EventHeaders.PROTOBUF,
        payload,
        Map.of(),
        occurTime);
  }

  /** This event with one more header (replacing one of the same name). */
  public OutboxEvent withHeader(String name, String value) {
    var copy = new LinkedHashMap<>(headers);
    copy.put(name, Objects.requireNonNull(value, "value"));
    return new OutboxEvent(
        eventId,
        aggregateType,
        aggregateId,
        aggregateVersion,
        subject,
        eventType,
        contentType,
        payload,
        copy,
        occurTime);
  }

  /** This event carrying W3C trace context, when there is any ({@code null} is ignored). */
  public OutboxEvent withTraceparent(String traceparent) {
    return traceparent == null || traceparent.isBlank()
        ? this
        : withHeader(EventHeaders.TRACEPARENT, traceparent);
  }

  private static void requireText(String name, String value) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }

  @Override
  public String toString() {
    return "OutboxEvent["
        + eventType
        + " "
        + eventId
        + " of "
        + aggregateType
        + "/"
        + aggregateId
        + " v"
        + aggregateVersion
        + " on "
        + subject
        + ", "
        + payload.length
        + " bytes]";
  }
}
