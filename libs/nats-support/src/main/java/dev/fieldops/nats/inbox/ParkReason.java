package dev.fieldops.nats.inbox;

/** Why an event was parked in {@code dead_letter} instead of being applied. */
public enum ParkReason {
  /** The message lacks or garbles a required CloudEvents header; it cannot even be identified. */
  INVALID_ENVELOPE,
  /** The decoder could not turn the payload into an event message. */
  UNDECODABLE,
  /**
   * The handler judged the event invalid ({@link RejectedEventException}); retrying cannot help.
   */
  REJECTED,
  /** The handler failed on every delivery up to the consumer's limit. */
  HANDLER_FAILED,
  /**
   * A newer version of the same aggregate was applied first; applying this one now would roll the
   * consumer's view back.
   */
  OUT_OF_ORDER,
  /**
   * The event's predecessor in its aggregate ({@code fieldops-aggregate-sequence} one lower) was
   * still not applied after the consumer's delivery limit: it failed and was parked, or it is late.
   * The event is held: the consumer applies it as soon as its predecessor is applied (delivered
   * late, or retried by an operator), in the same transaction. Should it fail then, it stays parked
   * as {@link #HANDLER_FAILED}.
   */
  PREDECESSOR_MISSING
}
