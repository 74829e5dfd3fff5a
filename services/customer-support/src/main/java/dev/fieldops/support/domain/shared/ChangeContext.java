package dev.fieldops.support.domain.shared;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Everything a domain method needs from outside to record a change: who acts, when (the caller's
 * clock, never {@code Instant.now()} in the domain) and where new ids come from (time-ordered UUIDs
 * in production, predictable ones in tests).
 */
public record ChangeContext(Actor actor, Instant now, Supplier<UUID> ids) {

  public ChangeContext {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(ids, "ids");
  }

  public UUID nextId() {
    return Objects.requireNonNull(ids.get(), "the id source returned null");
  }

  /** The same actor and id source at another moment. */
  public ChangeContext at(Instant moment) {
    return new ChangeContext(actor, moment, ids);
  }
}
