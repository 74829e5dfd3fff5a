package dev.fieldops.nats.outbox;

import java.util.UUID;

/**
 * Receives the relay's per-event outcomes, for metrics (publish lag, failure counts) and for the
 * relay benchmark. Called on the relay's thread as acknowledgements are processed: it must be fast
 * and must not throw.
 */
public interface RelayObserver {

  /** The stream acknowledged the event under {@code streamSequence}. */
  default void acknowledged(UUID eventId, long streamSequence, boolean duplicate) {}

  /** Publishing the event failed; it stays in the outbox and is tried again. */
  default void failed(UUID eventId, Throwable cause) {}

  /** An observer that ignores everything. */
  RelayObserver NONE = new RelayObserver() {};
}
