package dev.fieldops.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MigrationSetTest {

  @Test
  void each_set_keeps_its_own_history_table() {
    assertThat(new MigrationSet("support", "classpath:db/migration").historyTable())
        .isEqualTo("flyway_history_support");
    assertThat(IdempotencyStore.MIGRATIONS.historyTable()).isEqualTo("flyway_history_idempotency");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Support",
        "1support",
        "support-db",
        "a_name_far_too_long_for_a_postgresql_identifier_x"
      })
  void a_set_name_must_make_a_valid_history_table_name(String name) {
    assertThatThrownBy(() -> new MigrationSet(name, "classpath:db/migration"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_set_needs_a_location() {
    assertThatThrownBy(() -> new MigrationSet("support", " "))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
