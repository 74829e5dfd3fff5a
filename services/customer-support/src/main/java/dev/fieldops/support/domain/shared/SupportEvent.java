package dev.fieldops.support.domain.shared;

import java.time.Instant;
import java.util.UUID;

/**
 * What every event of the support context carries in its own fields, so that the outbox writer can
 * store any of them the same way and a subscriber never needs message headers to act.
 */
public interface SupportEvent {

  /**
   * Unique id of this event: the outbox row id, CloudEvents {@code ce-id} and {@code Nats-Msg-Id}.
   */
  UUID eventId();

  /** When the change happened. */
  Instant occurTime();

  /** The id of the aggregate that changed, as a string (ticket UUID or customer id). */
  String aggregateId();

  /** The aggregate's version after this event; events of one aggregate are ordered by it. */
  long aggregateVersion();

  /** Who made the change. */
  Actor actor();
}
