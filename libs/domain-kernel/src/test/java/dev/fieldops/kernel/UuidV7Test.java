package dev.fieldops.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class UuidV7Test {

  @Test
  void ids_from_one_generator_increase_within_the_same_millisecond() {
    var generator = new UuidV7(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    var previous = generator.next();
    for (int i = 0; i < 10_000; i++) {
      var next = generator.next();
      assertThat(
              Long.compareUnsigned(
                  next.getMostSignificantBits(), previous.getMostSignificantBits()))
          .as("id %d follows the previous one", i)
          .isPositive();
      assertThat(next.version()).isEqualTo(7);
      previous = next;
    }
  }

  @Test
  void ids_are_version_7_and_follow_the_clock() {
    var early =
        new UuidV7(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC)).next();
    var late =
        new UuidV7(Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC)).next();

    assertThat(early.version()).isEqualTo(7);
    assertThat(early.variant()).isEqualTo(2);
    assertThat(early.toString()).isLessThan(late.toString());
    assertThat(early.getMostSignificantBits() >>> 16)
        .isEqualTo(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
  }

  @Test
  void correlation_ids_are_distinct_increasing_version_7_ids() {
    var generator = UuidV7.correlationIds();
    var seen = new java.util.HashSet<java.util.UUID>();
    var previous = generator.next();
    seen.add(previous);
    for (int i = 0; i < 10_000; i++) {
      var next = generator.next();
      assertThat(next.version()).isEqualTo(7);
      assertThat(next.variant()).isEqualTo(2);
      assertThat(
              Long.compareUnsigned(
                  next.getMostSignificantBits(), previous.getMostSignificantBits()))
          .as("id %d follows the previous one", i)
          .isPositive();
      assertThat(seen.add(next)).as("id %d is new", i).isTrue();
      previous = next;
    }
  }
}
