package dev.fieldops.nats.inbox;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The attempts this process made at each message that did not settle it: the count that decides how
 * long the message is handed back and when it is parked, instead of the message's deliveries.
 *
 * <p>A delivery that a crash ended, or that was handed back while the database was away, is not an
 * attempt: nothing was tried. Counted by deliveries, an event redelivered after a failover had
 * "waited" already and its first wait for a predecessor was the backoff's second or third entry (30
 * s, 2 min with the services' defaults); and an event handed back once a second through a minute's
 * outage was parked on its handler's first failure afterwards. Two kinds of attempt count: finding
 * the event's predecessor not applied yet (the first such wait is brief: normally another replica
 * is applying the predecessor right now; later ones follow the backoff, so that a predecessor
 * retried after a failure has its retries' time), and a failing handler (the pause after it follows
 * the backoff).
 *
 * <p>The counts live in a bounded map keyed by stream sequence, in this process only: a count
 * forgotten (evicted, or this process restarted) gives the message its attempts again, and with
 * several replicas each counts its own. So a failing event is parked after at least {@code
 * maxDeliver} attempts, and at most that many per replica; it is never parked earlier.
 */
final class Attempts {

  /** The first wait for a predecessor: it is normally being applied by another replica now. */
  static final Duration FIRST_WAIT = Duration.ofMillis(200);

  private final ConsumerSpec spec;
  private final Map<Long, Integer> counts;

  /**
   * @param spec the consumer: its backoff's entry {@code n-1} is the pause after the {@code n}th
   *     attempt, the last entry for every later one
   * @param capacity how many unsettled messages are remembered (the oldest are forgotten first)
   */
  Attempts(ConsumerSpec spec, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.spec = spec;
    this.counts =
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, Integer> eldest) {
            return size() > capacity;
          }
        };
  }

  /** The number of the attempt now starting at the message at {@code streamSeq} (1 the first). */
  synchronized long current(long streamSeq) {
    return counts.getOrDefault(streamSeq, 0) + 1L;
  }

  /**
   * Counts an attempt that found the message's predecessor not applied and says how long the
   * message waits.
   */
  synchronized Duration waited(long streamSeq) {
    int count = counts.merge(streamSeq, 1, Integer::sum);
    return count == 1 ? FIRST_WAIT : spec.pauseAfter(count - 1);
  }

  /** Counts an attempt whose handler failed and says how long the message waits for the next. */
  synchronized Duration failed(long streamSeq) {
    return spec.pauseAfter(counts.merge(streamSeq, 1, Integer::sum));
  }

  /** Forgets the message at {@code streamSeq}: it is settled (applied, parked, skipped). */
  synchronized void settled(long streamSeq) {
    if (!counts.isEmpty()) {
      counts.remove(streamSeq);
    }
  }

  /** How many unsettled messages are remembered. */
  synchronized int remembered() {
    return counts.size();
  }
}
