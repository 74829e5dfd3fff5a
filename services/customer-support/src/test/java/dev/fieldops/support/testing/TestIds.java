package dev.fieldops.support.testing;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Predictable, strictly increasing version-7-shaped UUIDs (…0001, …0002, …), so tests can name and
 * order ids. Production uses {@code UuidV7}.
 */
public final class TestIds implements Supplier<UUID> {

  private final AtomicLong counter = new AtomicLong();

  @Override
  public UUID get() {
    long n = counter.incrementAndGet();
    return new UUID((n << 16) | 0x7000L, 0x8000_0000_0000_0000L | n);
  }
}
