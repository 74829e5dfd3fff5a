package dev.fieldops.nats.inbox;

import java.time.Instant;
import java.util.UUID;

/**
 * A decoded event handed to an {@link EventHandler}, with what the runner knows about its delivery.
 *
 * @param envelope the validated CloudEvents attributes and the raw payload
 * @param event the decoded event message
 * @param streamSequence its sequence in the stream (0 when retried from the dead-letter table
 *     without one)
 * @param deliveryAttempt 1 on the first delivery, counting redeliveries; 0 when applied from the
 *     dead-letter table (an operator retry, or a held event applied with its predecessor)
 * @param outOfOrder a newer version of its aggregate was already applied (only seen with {@link
 *     OutOfOrderPolicy#APPLY} or an operator retry)
 */
public record InboundEvent<T>(
    EventEnvelope envelope,
    T event,
    long streamSequence,
    long deliveryAttempt,
    boolean outOfOrder) {

  public UUID eventId() {
    return envelope.eventId();
  }

  public String type() {
    return envelope.type();
  }

  public String aggregateId() {
    return envelope.aggregateId();
  }

  public long aggregateVersion() {
    return envelope.aggregateVersion();
  }

  public Instant time() {
    return envelope.time();
  }
}
