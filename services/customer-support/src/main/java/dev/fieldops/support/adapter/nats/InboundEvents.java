package dev.fieldops.support.adapter.nats;

import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import dev.fieldops.grpc.WellFormedValues;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.Text;
import dev.fieldops.nats.inbox.EventEnvelope;
import dev.fieldops.nats.inbox.RejectedEventException;
import dev.fieldops.support.domain.customer.CustomerId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Function;

/**
 * What every consumer of support does with another context's event before trusting it: parse the
 * payload (protobuf binary, or proto3 JSON), and check that its own envelope fields agree with the
 * message headers the inbox deduplicates and orders by, and that the ids it carries are ids
 * support can store. A disagreement means a broken producer: the event is rejected (parked at once
 * with the reason), never half-applied.
 */
final class InboundEvents {

  private static final JsonFormat.Parser JSON = JsonFormat.parser().ignoringUnknownFields();

  private InboundEvents() {}

  /**
   * The payload as a message of {@code prototype}'s type, its timestamps, durations and amounts
   * within their well-known ranges ({@link WellFormedValues}, as for requests).
   *
   * @throws RejectedEventException naming the first ill-formed value
   */
  @SuppressWarnings("unchecked")
  static <M extends Message> M parse(EventEnvelope envelope, M prototype) throws Exception {
    M event;
    if (envelope.isJson()) {
      var builder = prototype.newBuilderForType();
      JSON.merge(new String(envelope.payload(), StandardCharsets.UTF_8), builder);
      event = (M) builder.build();
    } else {
      event = (M) prototype.getParserForType().parseFrom(envelope.payload());
    }
    var illFormed = WellFormedValues.violations(event);
    if (!illFormed.isEmpty()) {
      throw new RejectedEventException(
          illFormed.getFirst().field() + ": " + illFormed.getFirst().description());
    }
    return event;
  }

  /**
   * Checks the envelope fields every FieldOps event carries against the headers.
   *
   * @throws RejectedEventException naming the first field that disagrees or is missing
   */
  static void requireEnvelope(
      EventEnvelope envelope,
      String eventId,
      boolean hasOccurTime,
      long aggregateVersion,
      String aggregateField,
      String aggregateId)
      throws RejectedEventException {
    if (!envelope.eventId().toString().equalsIgnoreCase(eventId)) {
      throw new RejectedEventException(
          "event_id '" + eventId + "' does not match ce-id " + envelope.eventId());
    }
    if (!envelope.aggregateId().equals(aggregateId)) {
      throw new RejectedEventException(
          aggregateField + " '" + aggregateId + "' does not match ce-subject '"
              + envelope.aggregateId() + "'");
    }
    if (envelope.aggregateVersion() != aggregateVersion) {
      throw new RejectedEventException(
          "aggregate_version " + aggregateVersion + " does not match fieldops-aggregate-version "
              + envelope.aggregateVersion());
    }
    if (!hasOccurTime) {
      throw new RejectedEventException("occur_time is missing");
    }
  }

  /** The customer the event is about. */
  static CustomerId customer(String customerId) throws RejectedEventException {
    return valid("customer_id", customerId, CustomerId::of);
  }

  /** Builds a value object from an event field, turning its refusal into a rejection. */
  static <T> T valid(String field, String value, Function<String, T> parse)
      throws RejectedEventException {
    try {
      return parse.apply(value);
    } catch (InvalidInputException e) {
      throw new RejectedEventException(field + " '" + abbreviate(value) + "' is invalid: "
          + e.violations().stream().map(v -> v.description()).findFirst().orElse(e.getMessage()));
    }
  }

  static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }

  static String abbreviate(String value) {
    return Text.atMost(value, 80) ? value : Text.truncate(value, 80) + "…";
  }
}
