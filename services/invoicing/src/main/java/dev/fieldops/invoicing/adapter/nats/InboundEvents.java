package dev.fieldops.invoicing.adapter.nats;

import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import dev.fieldops.grpc.WellFormedValues;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.kernel.DomainException;
import dev.fieldops.nats.inbox.RejectedEventException;
import java.time.Instant;
import java.util.UUID;

/**
 * Validation of other contexts' events, which are untrusted input like requests: a malformed field
 * or a refusal by the application becomes a {@link RejectedEventException} whose message starts
 * with the reason, so the event is parked at once instead of being retried to no avail.
 */
final class InboundEvents {

  private InboundEvents() {}

  static UUID uuid(String value, String field) throws RejectedEventException {
    try {
      UUID parsed = UUID.fromString(value);
      if (parsed.toString().equals(value.toLowerCase(java.util.Locale.ROOT))) {
        return parsed;
      }
    } catch (IllegalArgumentException ignored) {
      // reported below
    }
    throw new RejectedEventException("INVALID_EVENT: " + field + " is not a UUID: '" + value + "'");
  }

  static CustomerId customer(String value) throws RejectedEventException {
    try {
      return CustomerId.of(value, "customer_id");
    } catch (DomainException e) {
      throw rejected(e);
    }
  }

  static Instant time(boolean present, Timestamp timestamp, String field)
      throws RejectedEventException {
    if (!present || timestamp.getSeconds() <= 0) {
      throw new RejectedEventException("INVALID_EVENT: " + field + " is missing");
    }
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }

  /**
   * Refuses an event whose timestamps, durations or amounts are outside their well-known ranges
   * ({@link WellFormedValues}, as for requests): a year-10000 occur_time is a broken producer.
   */
  static void requireWellFormed(Message event) throws RejectedEventException {
    var illFormed = WellFormedValues.violations(event);
    if (!illFormed.isEmpty()) {
      throw new RejectedEventException("INVALID_EVENT: " + illFormed.getFirst().field() + ": "
          + illFormed.getFirst().description());
    }
  }

  /** The application refused the event: park it with the refusal's reason. */
  static RejectedEventException rejected(DomainException e) {
    return new RejectedEventException(e.reason() + ": " + e.getMessage(), e);
  }
}
