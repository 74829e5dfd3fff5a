package dev.fieldops.kernel;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * Time-ordered UUIDs (RFC 9562 version 7): server-assigned ids sort by creation time, which keeps
 * B-tree inserts local and makes keyset pagination by id follow creation order.
 *
 * <p>Ids from one generator are strictly increasing, also within one millisecond: the 12-bit {@code
 * rand_a} field is a counter seeded randomly each millisecond (RFC 9562 §6.2, method 1); when it
 * runs out, the timestamp is advanced by one millisecond rather than going backwards.
 */
public final class UuidV7 {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int COUNTER_LIMIT = 1 << 12;

  private final Clock clock;
  private long lastMillis = -1;
  private int counter;

  public UuidV7(Clock clock) {
    this.clock = clock;
  }

  /** A generator on the system clock. */
  public static UuidV7 systemUtc() {
    return new UuidV7(Clock.systemUTC());
  }

  public UUID next() {
    long millis;
    int sequence;
    synchronized (this) {
      millis = Math.max(clock.millis(), lastMillis);
      if (millis == lastMillis) {
        counter++;
        if (counter >= COUNTER_LIMIT) {
          millis++;
          counter = RANDOM.nextInt(COUNTER_LIMIT / 2);
        }
      } else {
        // Start low in the range so that many ids fit into the same millisecond.
        counter = RANDOM.nextInt(COUNTER_LIMIT / 2);
      }
      lastMillis = millis;
      sequence = counter;
    }
    long msb = (millis << 16) | (0x7L << 12) | sequence;
    long lsb = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb);
  }
}
