package dev.fieldops.kernel;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The moment a command changes something and the source of ids for what it creates (new aggregates,
 * their parts, event ids). A handler makes one per command from its injected {@code Clock} and
 * {@code Supplier<UUID>}, so that everything one command changes carries one instant, and domain
 * code never reads a clock or a random source of its own: production passes a UUIDv7 generator,
 * tests pin both.
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

  /** A fresh id from the caller's source, time-ordered when that source is a {@link UuidV7}. */
  public UUID newId() {
    return Objects.requireNonNull(ids.get(), "the id source returned null");
  }
}
