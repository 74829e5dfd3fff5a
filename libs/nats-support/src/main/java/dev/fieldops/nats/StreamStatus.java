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
    /** The stream exists as declared and configured (found, or created by this keeper). */
    READY,
    /**
     * The stream exists and holds the context's events, but its replicas or limits (max age, max
     * bytes, duplicate window, discard policy, extra subjects) differ from the configuration: an
     * operator changed the stream or the configuration and not the other. Events flow (it counts as
     * ready); the service never changes the stream, it reports the difference until someone brings
     * the two in line ({@code ./fieldops stream <context> update}, or the {@code EVENTS_STREAM_*}
     * settings).
     */
    DRIFTED,
    /**
     * The stream does not exist and this service may not create it (its identity is refused, or
     * {@link StreamMode#VERIFY}): a deployment error an operator must fix, not an outage.
     */
    MISSING,
    /**
     * The stream exists but cannot hold the context's events as declared ({@link
     * StreamDifferences#unusable()}: a declared subject missing, memory storage, another
     * retention), and the service never changes an existing stream.
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

  /** Whether events can be published into the stream: READY, or DRIFTED (usable as it is). */
  public boolean isReady() {
    return state == State.READY || state == State.DRIFTED;
  }

  /** Whether the stream works but its replicas or limits differ from the configuration. */
  public boolean isDrifted() {
    return state == State.DRIFTED;
  }

  /**
   * Whether NATS answered and the stream is not usable as it is (missing or different): something
   * an operator must fix, so the service is not ready. An outage (WAITING, FAILED) is not: the
   * outbox absorbs it; nor are limits that differ from the configuration (DRIFTED): events flow,
   * and a difference of settings must not take every replica out of service.
   */
  public boolean needsOperator() {
    return state == State.MISSING || state == State.DIFFERENT;
  }
}
