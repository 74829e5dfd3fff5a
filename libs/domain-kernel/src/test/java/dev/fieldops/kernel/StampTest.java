package dev.fieldops.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StampTest {

  private static final Instant NOW = Instant.parse("2026-11-02T08:00:00Z");

  @Test
  void every_id_comes_from_the_callers_source_at_one_instant() {
    UUID first = UUID.fromString("00000000-0000-7000-8000-000000000001");
    UUID second = UUID.fromString("00000000-0000-7000-8000-000000000002");
    Iterator<UUID> ids = List.of(first, second).iterator();

    var stamp = Stamp.of(NOW, ids::next);

    assertThat(stamp.newId()).isEqualTo(first);
    assertThat(stamp.newId()).isEqualTo(second);
    assertThat(stamp.now()).isEqualTo(NOW);
  }

  @Test
  void an_id_source_that_returns_nothing_is_refused() {
    var stamp = Stamp.of(NOW, () -> null);

    assertThatThrownBy(stamp::newId).isInstanceOf(NullPointerException.class);
  }
}
