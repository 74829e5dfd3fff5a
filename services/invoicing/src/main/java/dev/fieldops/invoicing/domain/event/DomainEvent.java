package dev.fieldops.invoicing.domain.event;

import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.kernel.UuidV7;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * A fact that happened to one aggregate. Versions of one aggregate's events increase strictly but
 * need not be contiguous (changes to a draft raise no event); the outbox publishes them in {@code
 * (aggregateId, aggregateVersion)} order.
 */
public interface DomainEvent {

  /** Unique id of this event: the outbox row id, {@code ce-id} and {@code Nats-Msg-Id}. */
  UUID eventId();

  /** When the change happened. */
  Instant occurTime();

  /** The aggregate that changed. */
  UUID aggregateId();

  /** The aggregate's version right after this change. */
  long aggregateVersion();

  /** The customer the aggregate belongs to. */
  CustomerId customerId();

  /** A time-ordered (UUIDv7) event id stamped with the event's own occurrence time. */
  static UUID newEventId(Instant occurTime) {
    return new UuidV7(Clock.fixed(occurTime, ZoneOffset.UTC)).next();
  }
}
