package dev.fieldops.invoicing.domain.event;

import dev.fieldops.invoicing.domain.customer.CustomerId;
import java.time.Instant;
import java.util.UUID;

/**
 * A fact that happened to one aggregate. Versions of one aggregate's events increase strictly but
 * need not be contiguous (changes to a draft raise no event); the outbox publishes them in {@code
 * (aggregateId, aggregateVersion)} order.
 */
public interface DomainEvent {

  /**
   * Unique id of this event: the outbox row id, {@code ce-id} and {@code Nats-Msg-Id}. It comes
   * from the command's {@link dev.fieldops.kernel.Stamp}, never from the domain itself.
   */
  UUID eventId();

  /** When the change happened. */
  Instant occurTime();

  /** The aggregate that changed. */
  UUID aggregateId();

  /** The aggregate's version right after this change. */
  long aggregateVersion();

  /** The customer the aggregate belongs to. */
  CustomerId customerId();
}
