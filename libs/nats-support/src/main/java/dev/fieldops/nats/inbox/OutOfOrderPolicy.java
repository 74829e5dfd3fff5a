package dev.fieldops.nats.inbox;

/**
 * What a consumer does with an event whose aggregate version is lower than one it already applied
 * for the same aggregate. This happens only when an event was overtaken: its first delivery failed
 * and a later event of the aggregate succeeded before the retry, two instances sharing the durable
 * took neighbouring events at the same moment, or the relay republished an event the stream had
 * lost.
 */
public enum OutOfOrderPolicy {
  /**
   * Park it ({@link ParkReason#OUT_OF_ORDER}) and go on. Fits state-carrying events that a newer
   * one supersedes (read models, counters of current state): applying the older one would roll the
   * view back. An operator can still retry it deliberately.
   */
  PARK,
  /**
   * Apply it anyway. Fits events that record facts, each of which must count once whatever the
   * order (billable work, charges); the handler sees {@link InboundEvent#outOfOrder()}.
   */
  APPLY
}
