package dev.fieldops.system.faults;

import io.grpc.Status;
import java.time.Duration;
import java.util.Map;

/**
 * What one fault case came to, counted at the end, printed as one line in the test log ({@code
 * target/failsafe-reports/*-output.txt}) so that a run's figures can be quoted.
 *
 * @param fault the case
 * @param acknowledged commands acknowledged (after the client's retries with the same request id)
 * @param failedAttempts attempts answered with an error during the fault, by status code
 * @param stored rows the producing service stored for them
 * @param published their events in the stream (distinct event ids)
 * @param duplicatedEvents events in the stream more than once
 * @param effects effects in the consuming context
 * @param duplicatedEffects effects recorded more than once (charges beyond one per device)
 * @param maxLatency the slowest answer of the load, success or failure
 * @param recovery from the command that ended the fault (starting the broker or the database) until
 *     every acknowledged command had its effect
 */
record FaultFigures(
    String fault,
    long acknowledged,
    Map<Status.Code, Long> failedAttempts,
    long stored,
    long published,
    long duplicatedEvents,
    long effects,
    long duplicatedEffects,
    Duration maxLatency,
    Duration recovery) {

  /** Acknowledged commands whose effect is missing anywhere. */
  long lost() {
    return Math.max(0, acknowledged - Math.min(stored, Math.min(published, effects)));
  }

  long failed() {
    return failedAttempts.values().stream().mapToLong(Long::longValue).sum();
  }

  FaultFigures print() {
    System.out.printf(
        "FAULT FIGURES %s: acknowledged=%d failed=%d %s lost=%d duplicated=%d"
            + " (stored=%d published=%d duplicated-events=%d effects=%d duplicated-effects=%d)"
            + " max-latency=%d ms recovery=%.1f s%n",
        fault,
        acknowledged,
        failed(),
        failedAttempts,
        lost(),
        duplicatedEvents + duplicatedEffects,
        stored,
        published,
        duplicatedEvents,
        effects,
        duplicatedEffects,
        maxLatency.toMillis(),
        recovery.toMillis() / 1000.0);
    return this;
  }
}
