package dev.fieldops.nats.inbox;

import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot of a consumer runner for health checks and metrics; the counters only grow.
 *
 * @param running the runner's loop is alive
 * @param problem what keeps it from fetching and applying events now (NATS disconnected, its stream
 *     or durable missing, JetStream not answering, the database unreachable); empty while it works
 * @param applied events whose effect committed
 * @param duplicates deliveries skipped because the inbox already had the event
 * @param ignored events the decoder declared not of interest
 * @param retried failed attempts scheduled for redelivery
 * @param parked events parked in the dead-letter table
 * @param released events held as {@link ParkReason#PREDECESSOR_MISSING} that were applied when
 *     their predecessor was
 * @param lastError the most recent failure, if any
 * @param lastErrorTime when it happened
 */
public record ConsumerState(
    boolean running,
    Optional<String> problem,
    long applied,
    long duplicates,
    long ignored,
    long retried,
    long parked,
    long released,
    Optional<String> lastError,
    Optional<Instant> lastErrorTime) {}
