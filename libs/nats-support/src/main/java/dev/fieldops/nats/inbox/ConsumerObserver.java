package dev.fieldops.nats.inbox;

/**
 * Receives a consumer runner's applied events, for metrics (delivery latency). Called on the
 * runner's thread after the event's transaction committed: it must be fast and must not throw.
 */
public interface ConsumerObserver {

  /** {@code consumer} applied {@code event}; its effect committed. */
  default void applied(String consumer, EventEnvelope event) {}

  /** An observer that ignores everything. */
  ConsumerObserver NONE = new ConsumerObserver() {};
}
