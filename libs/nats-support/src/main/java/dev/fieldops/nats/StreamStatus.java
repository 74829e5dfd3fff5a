package dev.fieldops.nats;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a context's stream stands, as its {@link StreamKeeper} last saw it: for the outbox relay
 * (it publishes only into a stream that is there) and for health.
 *
 * @param state the verdict
 * @param detail why, in words an operator can act on
 * @param since when the state began
 */
public record StreamStatus(State state, String detail, Instant since) {

  /** The verdicts. */
  public enum State {
    /** Not checked yet, or NATS is not connected: nobody knows. */
    WAITING,
    /** The stream exists (found, or created by this keeper). */
    READY,
    /**
     * The stream does not exist and this service may not create it (its identity is refused, or
     * {@link StreamMode#VERIFY}): a deployment error an operator must fix, not an outage.
     */
    MISSING,
    /**
     * The stream exists but differs from what the service declares (subjects, limits, replicas),
     * and the service may not change it ({@link StreamMode#VERIFY}).
     */
    DIFFERENT,
    /**
     * The check failed: JetStream did not answer or refused the request, or the stream exists in a
     * form this service cannot use (another storage type).
     */
    FAILED
  }

  public StreamStatus {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(since, "since");
  }

  public boolean isReady() {
    return state == State.READY;
  }

  /**
   * Whether NATS answered and the stream is not usable as it is (missing or different): something
   * an operator must fix, so the service is not ready. An outage (WAITING, FAILED) is not: the
   * outbox absorbs it.
   */
  public boolean needsOperator() {
    return state == State.MISSING || state == State.DIFFERENT;
  }
}
