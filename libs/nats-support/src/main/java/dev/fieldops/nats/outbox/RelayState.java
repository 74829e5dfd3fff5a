package dev.fieldops.nats.outbox;

import dev.fieldops.nats.ConnectionState;
import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot of the relay for health checks and metrics. The counters only grow, so they map onto
 * monotonic counters (Micrometer {@code FunctionCounter}) directly.
 *
 * @param running the relay's loop is alive
 * @param nats state of the NATS connection
 * @param backlog unpublished rows at the last count (refreshed about once a second)
 * @param published events acknowledged by the stream and marked published
 * @param duplicates of those, acknowledged as duplicates (already in the stream)
 * @param failures publish attempts that failed (the event stays in the outbox)
 * @param republished published rows that reconciliation found missing from the stream
 * @param reconciliations completed reconciliation passes
 * @param purged published rows removed after the retention period
 * @param lastError the most recent failure, if any
 * @param lastErrorTime when it happened
 * @param lastPublishTime when a batch was last marked published
 */
public record RelayState(
    boolean running,
    ConnectionState nats,
    long backlog,
    long published,
    long duplicates,
    long failures,
    long republished,
    long reconciliations,
    long purged,
    Optional<String> lastError,
    Optional<Instant> lastErrorTime,
    Optional<Instant> lastPublishTime) {

  /** Running with NATS connected: events flow (a backlog may still be draining). */
  public boolean isHealthy() {
    return running && nats == ConnectionState.CONNECTED;
  }
}
