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
    /** The stream does not exist and this service could not create it. */
    MISSING,
    /**
     * The check failed: JetStream did not answer, or the stream exists in a form this service
     * cannot use (another storage type).
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
}
