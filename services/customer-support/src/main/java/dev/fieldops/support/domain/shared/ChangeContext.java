package dev.fieldops.support.domain.shared;

import dev.fieldops.kernel.Stamp;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Everything a domain method needs from outside to record a change: who acts, and the command's
 * {@link Stamp} (when, by the caller's clock, never {@code Instant.now()} in the domain, and where
 * new ids come from: time-ordered UUIDs in production, predictable ones in tests). Support's
 * changes are the kernel's stamp plus the actor, because every support event names who acted.
 */
public record ChangeContext(Actor actor, Stamp stamp) {

  public ChangeContext {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(stamp, "stamp");
  }

  /** When the change happens (server time). */
  public Instant now() {
    return stamp.now();
  }

  /** A fresh id from the command's id source. */
  public UUID newId() {
    return stamp.newId();
  }
}
