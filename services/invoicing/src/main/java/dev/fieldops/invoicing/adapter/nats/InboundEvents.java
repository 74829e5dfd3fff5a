package dev.fieldops.invoicing.adapter.nats;

import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.kernel.DomainException;
import dev.fieldops.nats.inbox.EventDecoder;
import dev.fieldops.nats.inbox.RejectedEventException;
import dev.fieldops.runtime.IncomingEvents;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Invoicing's own words for other contexts' events, which are untrusted input like requests: the
 * platform's {@link IncomingEvents} decodes them (binary or JSON, well-formed values), and every
 * malformed field becomes a {@link RejectedEventException} whose message starts with {@code
 * INVALID_EVENT}, so the event is parked at once instead of being retried to no avail. Invoicing
 * compares no payload field with the headers: it reads ticket, device and version from the payload
 * alone.
 */
final class InboundEvents {

  private static final IncomingEvents EVENTS =
      IncomingEvents.checking(List.of()).withReasonPrefix("INVALID_EVENT: ");

  private InboundEvents() {}

  /** Decodes events of {@code prototype}'s type, refusing ill-formed values as invalid. */
  static <M extends Message> EventDecoder<M> decoder(M prototype) {
    return EVENTS.decoder(prototype);
  }

  static UUID uuid(String value, String field) throws RejectedEventException {
    try {
      UUID parsed = UUID.fromString(value);
      if (parsed.toString().equals(value.toLowerCase(Locale.ROOT))) {
        return parsed;
      }
    } catch (IllegalArgumentException ignored) {
      // reported below
    }
    throw EVENTS.rejected(field + " is not a UUID: '" + value + "'");
  }

  static CustomerId customer(String value) throws RejectedEventException {
    try {
      return CustomerId.of(value, "customer_id");
    } catch (DomainException e) {
      throw IncomingEvents.refused(e);
    }
  }

  static Instant time(boolean present, Timestamp timestamp, String field)
      throws RejectedEventException {
    if (!present || timestamp.getSeconds() <= 0) {
      throw EVENTS.rejected(field + " is missing");
    }
    return IncomingEvents.instant(timestamp);
  }

  /** A malformed field the translation itself finds. */
  static RejectedEventException invalid(String reason) {
    return EVENTS.rejected(reason);
  }
}
