package dev.fieldops.kernel;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * Time-ordered UUIDs (RFC 9562 version 7): server-assigned ids sort by creation time, which keeps
 * B-tree inserts local and makes keyset pagination by id follow creation order.
 */
public final class UuidV7 {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Clock clock;

  public UuidV7(Clock clock) {
    this.clock = clock;
  }

  /** A generator on the system clock. */
  public static UuidV7 systemUtc() {
    return new UuidV7(Clock.systemUTC());
  }

  public UUID next() {
    long millis = clock.millis();
    long randA = RANDOM.nextInt(1 << 12);
    long msb = (millis << 16) | (0x7L << 12) | randA;
    long lsb = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb);
  }
}
