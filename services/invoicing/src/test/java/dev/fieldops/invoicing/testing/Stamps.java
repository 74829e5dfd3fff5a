package dev.fieldops.invoicing.testing;

import dev.fieldops.kernel.Stamp;
import dev.fieldops.kernel.UuidV7;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Stamps for tests that change aggregates directly, without a handler. */
public final class Stamps {

  private Stamps() {}

  /** A change at {@code instant} whose ids are UUIDv7 of that instant, as in production. */
  public static Stamp at(Instant instant) {
    return Stamp.of(instant, new UuidV7(Clock.fixed(instant, ZoneOffset.UTC))::next);
  }
}
