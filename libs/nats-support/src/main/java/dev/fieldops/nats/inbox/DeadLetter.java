package dev.fieldops.nats.inbox;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A parked event as an operator sees it.
 *
 * @param id the row's id, what {@link DeadLetters#retry(long)} takes
 * @param consumer the durable consumer that parked it
 * @param eventId the event's id, absent when the envelope had no usable one
 * @param subject the NATS subject it arrived on
 * @param streamSequence its sequence in the stream, when known
 * @param headers its message headers
 * @param payload its payload
 * @param reason why it was parked
 * @param error the last failure's message
 * @param attempts the attempts that failed (a failing handler's, or the waits of an event held for
 *     its predecessor), counted by the replica that parked it
 * @param firstFailureTime when it first failed
 * @param lastFailureTime when it last failed
 * @param retriedTime when an operator retry applied it; empty while it is still parked
 */
public record DeadLetter(
    long id,
    String consumer,
    Optional<UUID> eventId,
    String subject,
    Optional<Long> streamSequence,
    Map<String, String> headers,
    byte[] payload,
    ParkReason reason,
    String error,
    int attempts,
    Instant firstFailureTime,
    Instant lastFailureTime,
    Optional<Instant> retriedTime) {

  /** Still waiting for an operator. */
  public boolean isParked() {
    return retriedTime.isEmpty();
  }
}
