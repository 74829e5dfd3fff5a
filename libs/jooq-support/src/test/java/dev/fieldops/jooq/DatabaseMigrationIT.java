package dev.fieldops.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.test.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DatabaseMigrationIT {

  private static final MigrationSet INVENTORY =
      new MigrationSet("inventory", "classpath:db/test/inventory");

  private TestDatabase testDatabase;

  @BeforeEach
  void freshDatabase() {
    testDatabase = TestDatabase.create();
  }

  @AfterEach
  void dropDatabase() {
    testDatabase.close();
  }

  private DatabaseConfig config() {
    return DatabaseConfig.forUrl(
            testDatabase.jdbcUrl(), testDatabase.username(), testDatabase.password())
        .withMaximumPoolSize(2);
  }

  @Test
  void each_migration_set_records_its_versions_in_its_own_history_table() {
    try (Database database =
        Database.start(config(), List.of(IdempotencyStore.MIGRATIONS, INVENTORY))) {
      var dsl = database.dsl();

      assertThat(
              Sql.values(
                  dsl,
                  String.class,
                  "SELECT version FROM flyway_history_idempotency WHERE success ORDER BY"
                      + " installed_rank"))
          .containsExactly("1");
      // The inventory set arrived in a schema the idempotency set had populated: a baseline marker
      // at version 0, then its own V1 and V2, which clash with nothing.
      assertThat(
              Sql.values(
                  dsl,
                  String.class,
                  "SELECT version FROM flyway_history_inventory WHERE success ORDER BY"
                      + " installed_rank"))
          .containsExactly("0", "1", "2");
      assertThat(
              Sql.value(
                  dsl,
                  Long.class,
                  "SELECT count(*) FROM information_schema.columns WHERE table_name = 'item' AND"
                      + " column_name = 'price_minor'"))
          .isEqualTo(1L);
      assertThat(
              Sql.value(dsl, Boolean.class, "SELECT to_regclass('idempotency_record') IS NOT NULL"))
          .isTrue();
    }
  }

  @Test
  void restarting_applies_nothing_again_and_keeps_the_data() {
    UUID itemId = UUID.randomUUID();
    try (Database first =
        Database.start(config(), List.of(IdempotencyStore.MIGRATIONS, INVENTORY))) {
      first
          .dsl()
          .execute(
              "INSERT INTO item (item_id, name, price_minor) VALUES (?, 'probe', 1250)", itemId);
    }

    try (Database second =
        Database.start(config(), List.of(IdempotencyStore.MIGRATIONS, INVENTORY))) {
      var dsl = second.dsl();
      assertThat(Sql.value(dsl, Long.class, "SELECT count(*) FROM flyway_history_idempotency"))
          .isEqualTo(1L);
      assertThat(Sql.value(dsl, Long.class, "SELECT count(*) FROM flyway_history_inventory"))
          .isEqualTo(3L);
      assertThat(
              Sql.value(dsl, Long.class, "SELECT price_minor FROM item WHERE item_id = ?", itemId))
          .isEqualTo(1250L);
    }
  }

  @Test
  void a_set_added_later_runs_on_the_next_start() {
    try (Database first = Database.start(config(), List.of(INVENTORY))) {
      assertThat(
              Sql.value(
                  first.dsl(), Boolean.class, "SELECT to_regclass('idempotency_record') IS NULL"))
          .isTrue();
    }

    try (Database second =
        Database.start(config(), List.of(INVENTORY, IdempotencyStore.MIGRATIONS))) {
      assertThat(
              Sql.values(
                  second.dsl(),
                  String.class,
                  "SELECT version FROM flyway_history_idempotency WHERE success ORDER BY"
                      + " installed_rank"))
          .containsExactly("0", "1");
      assertThat(
              Sql.value(
                  second.dsl(),
                  Boolean.class,
                  "SELECT to_regclass('idempotency_record') IS NOT NULL"))
          .isTrue();
    }
  }

  @Test
  void a_migration_set_whose_location_does_not_exist_stops_the_start() {
    var missing = new MigrationSet("missing", "classpath:db/test/no_such_folder");

    assertThatThrownBy(() -> Database.start(config(), List.of(missing)))
        .isInstanceOf(RuntimeException.class);
  }

  @Test
  void two_sets_with_the_same_name_are_refused() {
    assertThatThrownBy(
            () ->
                Database.start(
                    config(),
                    List.of(
                        INVENTORY,
                        new MigrationSet("inventory", "classpath:db/platform/idempotency"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pooled_sessions_carry_the_configured_timeouts() {
    var config =
        config()
            .withStatementTimeout(Duration.ofMillis(1500))
            .withLockTimeout(Duration.ofMillis(700));
    try (Database database = Database.start(config, List.of())) {
      var dsl = database.dsl();

      assertThat(Sql.value(dsl, String.class, "SHOW statement_timeout")).isEqualTo("1500ms");
      assertThat(Sql.value(dsl, String.class, "SHOW lock_timeout")).isEqualTo("700ms");
      assertThat(Sql.value(dsl, String.class, "SHOW idle_in_transaction_session_timeout"))
          .isEqualTo("10s");
    }
  }

  @Test
  void a_statement_running_past_the_statement_timeout_is_cancelled() {
    try (Database database =
        Database.start(config().withStatementTimeout(Duration.ofMillis(300)), List.of())) {
      assertThatThrownBy(() -> database.dsl().execute("SELECT pg_sleep(5)"))
          .isInstanceOfSatisfying(
              DataAccessException.class, e -> assertThat(e.sqlState()).isEqualTo("57014"));
      // The connection stays usable: a cancelled statement does not break the session.
      assertThat(Sql.value(database.dsl(), Integer.class, "SELECT 1")).isEqualTo(1);
      assertThat(database.isReachable()).isTrue();
    }
  }
}
