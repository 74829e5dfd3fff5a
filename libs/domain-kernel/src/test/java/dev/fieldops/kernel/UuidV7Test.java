package dev.fieldops.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class UuidV7Test {

  @Test
  void ids_are_version_7_and_follow_the_clock() {
    var early = new UuidV7(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC)).next();
    var late = new UuidV7(Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC)).next();

    assertThat(early.version()).isEqualTo(7);
    assertThat(early.variant()).isEqualTo(2);
    assertThat(early.toString()).isLessThan(late.toString());
    assertThat(early.getMostSignificantBits() >>> 16)
        .isEqualTo(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
  }
}
