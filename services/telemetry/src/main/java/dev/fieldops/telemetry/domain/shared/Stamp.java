package dev.fieldops.telemetry.domain.shared;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The moment a change happens and the source of ids for what it creates (new aggregates, event
 * ids). A handler makes one per command from its injected clock, so that domain code never reads a
 * clock or a random source of its own and tests can pin both.
 */
public final class Stamp {

  private final Instant now;
  private final Supplier<UUID> ids;

  private Stamp(Instant now, Supplier<UUID> ids) {
    this.now = Objects.requireNonNull(now, "now");
    this.ids = Objects.requireNonNull(ids, "ids");
  }

  public static Stamp of(Instant now, Supplier<UUID> ids) {
    return new Stamp(now, ids);
  }

  /** When the change happens (server time). */
  public Instant now() {
    return now;
  }

  /** A fresh id, time-ordered when the supplier is a UUIDv7 generator. */
  public UUID newId() {
    return Objects.requireNonNull(ids.get(), "id supplier returned null");
  }
}
