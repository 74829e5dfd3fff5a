package dev.fieldops.nats.outbox;

import java.time.Instant;
import java.util.UUID;

/**
 * Receives the relay's per-event outcomes, for metrics (publish lag, failure counts) and for the
 * relay benchmark. Called on the relay's thread as acknowledgements are processed: it must be fast
 * and must not throw.
 */
public interface RelayObserver {

  /** The stream acknowledged the event under {@code streamSequence}. */
  default void acknowledged(UUID eventId, long streamSequence, boolean duplicate) {}

  /**
   * The stream acknowledged the event under {@code streamSequence}; {@code occurTime} is when it
   * was written to the outbox, in its command's transaction. The relay calls this one; by default
   * it forwards to {@link #acknowledged(UUID, long, boolean)}.
   */
  default void acknowledged(
      UUID eventId, long streamSequence, boolean duplicate, Instant occurTime) {
    acknowledged(eventId, streamSequence, duplicate);
  }

  /** Publishing the event failed; it stays in the outbox and is tried again. */
  default void failed(UUID eventId, Throwable cause) {}

  /** An observer that ignores everything. */
  RelayObserver NONE = new RelayObserver() {};
}
