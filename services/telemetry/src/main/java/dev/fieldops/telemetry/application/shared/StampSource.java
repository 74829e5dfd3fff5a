package dev.fieldops.telemetry.application.shared;

import dev.fieldops.kernel.UuidV7;
import dev.fieldops.telemetry.domain.shared.Stamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/** Makes the {@link Stamp} of each command from one injected clock (and UUIDv7 ids on it). */
public final class StampSource {

  private final Clock clock;
  private final UuidV7 ids;

  public StampSource(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = new UuidV7(clock);
  }

  public Instant now() {
    return clock.instant();
  }

  /** A stamp at the current instant. */
  public Stamp next() {
    return Stamp.of(clock.instant(), ids::next);
  }
}
