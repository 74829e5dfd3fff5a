package dev.fieldops.nats.inbox;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How long a consumer hands an event back each time it finds the event's predecessor in its
 * aggregate not applied yet: briefly the first time (normally another replica is applying the
 * predecessor right now), then along the consumer's backoff, so that a predecessor retried after a
 * failure has its retries' time.
 *
 * <p>The schedule counts the times this process found the event waiting, not the event's
 * deliveries. A message delivered again after a crash, or handed back during a database outage, has
 * waited for nothing yet; counted by its deliveries, its first wait was already the backoff's
 * second or third entry (30 s, 2 min with the services' defaults), and a recovery after a failover
 * waited that long for events whose predecessor was applied a moment later. The counts live in a
 * bounded map keyed by stream sequence: a count forgotten (evicted, or this process restarted) only
 * makes the next wait short again. The delivery limit still parks an event that waits too often,
 * whatever this process counted.
 */
final class PredecessorWaits {

  /** The first pause: the predecessor is normally being applied by another replica right now. */
  static final Duration FIRST = Duration.ofMillis(200);

  private final ConsumerSpec spec;
  private final Map<Long, Integer> waits;

  /**
   * @param spec the consumer: its backoff's entry {@code n-1} is the pause after the {@code n+1}th
   *     wait, the last entry for every later one
   * @param capacity how many waiting messages are remembered (the oldest are forgotten first)
   */
  PredecessorWaits(ConsumerSpec spec, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.spec = spec;
    this.waits =
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, Integer> eldest) {
            return size() > capacity;
          }
        };
  }

  /** Counts one more wait of the message at {@code streamSeq} and says how long it is. */
  synchronized Duration next(long streamSeq) {
    int count = waits.merge(streamSeq, 1, Integer::sum);
    return count == 1 ? FIRST : spec.pauseAfter(count - 1);
  }

  /** Forgets the message at {@code streamSeq}: it no longer waits (applied, parked, skipped). */
  synchronized void settled(long streamSeq) {
    if (!waits.isEmpty()) {
      waits.remove(streamSeq);
    }
  }

  /** How many waiting messages are remembered. */
  synchronized int remembered() {
    return waits.size();
  }
}
