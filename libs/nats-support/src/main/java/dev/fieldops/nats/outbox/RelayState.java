package dev.fieldops.nats.outbox;

import dev.fieldops.nats.ConnectionState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of the relay for health checks and metrics. The counters only grow, so they map onto
 * monotonic counters (Micrometer {@code FunctionCounter}) directly.
 *
 * @param running the relay's loop is alive
 * @param nats state of the NATS connection
 * @param streamReady the stream is there to publish into (its keeper says so; always true for a
 *     relay without a keeper)
 * @param backlog unpublished rows at the last count (refreshed about once a second)
 * @param oldestUnpublishedAge how long the oldest unpublished row had waited at that count; empty
 *     when there was none
 * @param publishFailingSince since when every publish attempt failed (nothing acknowledged since);
 *     empty while publishing works or there is nothing to publish
 * @param published events acknowledged by the stream and marked published
 * @param duplicates of those, acknowledged as duplicates (already in the stream)
 * @param failures publish attempts that failed (the event stays in the outbox)
 * @param republished published rows that reconciliation found missing from the stream
 * @param reconciliations completed reconciliation passes
 * @param purged published rows removed after the retention period
 * @param lostEvents events of the latest loss report: a reconciliation (by any relay of the
 *     service) found that the stream lost them and the outbox no longer held them
 * @param lossTime when that report was made; empty when none ever was
 * @param lastError the most recent failure, if any
 * @param lastErrorTime when it happened
 * @param lastPublishTime when a batch was last marked published
 */
public record RelayState(
    boolean running,
    ConnectionState nats,
    boolean streamReady,
    long backlog,
    Optional<Duration> oldestUnpublishedAge,
    Optional<Instant> publishFailingSince,
    long published,
    long duplicates,
    long failures,
    long republished,
    long reconciliations,
    long purged,
    long lostEvents,
    Optional<Instant> lossTime,
    Optional<String> lastError,
    Optional<Instant> lastErrorTime,
    Optional<Instant> lastPublishTime) {

  /** Running with NATS connected and the stream there: events flow (a backlog may be draining). */
  public boolean isHealthy() {
    return running && nats == ConnectionState.CONNECTED && streamReady;
  }

  /**
   * Why events do not reach the stream in time, or empty when they do: the relay is stopped, NATS
   * or the stream is missing, publishing fails, or the oldest unpublished event has waited longer
   * than {@code maxUnpublishedAge}.
   */
  public Optional<String> problem(Duration maxUnpublishedAge) {
    List<String> problems = new ArrayList<>();
    if (!running) {
      problems.add("the outbox relay is not running");
    }
    if (nats != ConnectionState.CONNECTED) {
      problems.add("NATS is " + nats);
    }
    if (!streamReady) {
      problems.add("the stream is not ready");
    }
    publishFailingSince.ifPresent(
        since ->
            problems.add(
                "publishing fails since " + since + lastError.map(e -> " (" + e + ")").orElse("")));
    oldestUnpublishedAge
        .filter(age -> age.compareTo(maxUnpublishedAge) > 0)
        .ifPresent(
            age ->
                problems.add(
                    "the oldest unpublished event has waited "
                        + age
                        + " (more than "
                        + maxUnpublishedAge
                        + ")"));
    return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
  }
}
