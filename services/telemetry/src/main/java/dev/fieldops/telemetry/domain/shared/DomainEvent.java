package dev.fieldops.telemetry.domain.shared;

import java.time.Instant;
import java.util.UUID;

/**
 * Something that happened in the telemetry context and that other contexts may react to. The
 * repository adapters write every event into the outbox in the same transaction as the change; the
 * event id becomes the outbox row id, the CloudEvents {@code ce-id} and the {@code Nats-Msg-Id}.
 *
 * <p>{@link #aggregateType()} together with {@link #aggregateId()} names the ordering partition of
 * the outbox: events of one partition are published in {@link #aggregateVersion()} order. Versions
 * increase within a partition but may have gaps (an alert's silent updates bump its version without
 * an event).
 */
public interface DomainEvent {

  UUID eventId();

  /** When the change happened (server time). */
  Instant occurTime();

  /** The kind of aggregate, e.g. {@code device}, {@code alert}, {@code device_temperature}. */
  String aggregateType();

  /** The aggregate's id, as carried in {@code ce-subject}. */
  String aggregateId();

  /** The aggregate's version after this change; orders the events of one aggregate. */
  long aggregateVersion();

  /** The customer the aggregate belongs to. */
  CustomerId customerId();
}
