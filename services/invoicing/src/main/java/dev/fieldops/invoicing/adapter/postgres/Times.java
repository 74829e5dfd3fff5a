package dev.fieldops.invoicing.adapter.postgres;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** Instants to and from jOOQ's {@code timestamptz} type, always in UTC. */
final class Times {

  private Times() {}

  static OffsetDateTime at(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  static OffsetDateTime at(Optional<Instant> instant) {
    return instant.map(Times::at).orElse(null);
  }

  static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }

  static Optional<Instant> optional(OffsetDateTime time) {
    return Optional.ofNullable(time).map(OffsetDateTime::toInstant);
  }
}
