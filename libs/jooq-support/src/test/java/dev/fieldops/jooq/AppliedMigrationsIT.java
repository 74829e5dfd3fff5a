package dev.fieldops.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.test.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The quick check that lets a restart skip Flyway: it must say "applied" exactly when Flyway would
 * find nothing to do, and hand everything else to Flyway.
 */
class AppliedMigrationsIT {

  private static final MigrationSet INVENTORY =
      new MigrationSet("inventory", "classpath:db/test/inventory");
  private static final List<MigrationSet> SETS = List.of(IdempotencyStore.MIGRATIONS, INVENTORY);

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

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(
        testDatabase.jdbcUrl(), testDatabase.username(), testDatabase.password());
  }

  private boolean allApplied() throws SQLException {
    try (Connection connection = connect()) {
      return AppliedMigrations.allApplied(connection, SETS);
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = connect();
        var statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  @Test
  void its_checksums_and_descriptions_are_flyways() throws Exception {
    var dataSource = new PGSimpleDataSource();
    dataSource.setURL(testDatabase.jdbcUrl());
    dataSource.setUser(testDatabase.username());
    dataSource.setPassword(testDatabase.password());
    for (MigrationSet set : SETS) {
      Map<String, AppliedMigrations.Script> flyways = new HashMap<>();
      for (MigrationInfo info : Database.flyway(dataSource, set).info().all()) {
        flyways.put(
            info.getVersion().getVersion(),
            new AppliedMigrations.Script(
                info.getVersion().getVersion(),
                info.getDescription(),
                info.getScript(),
                info.getChecksum()));
      }
      List<AppliedMigrations.Script> ours = AppliedMigrations.scripts(set).orElseThrow();
      assertThat(ours).as(set.name()).isNotEmpty();
      assertThat(ours).as(set.name()).containsExactlyInAnyOrderElementsOf(flyways.values());
    }
  }

  @Test
  void a_fresh_database_is_left_to_flyway() throws Exception {
    assertThat(allApplied()).isFalse();
  }

  @Test
  void a_migrated_schema_needs_no_flyway() throws Exception {
    try (Database ignored = Database.start(config(), SETS)) {
      assertThat(allApplied()).isTrue();
    }
    // and a restart starts on it
    try (Database again = Database.start(config(), SETS)) {
      assertThat(again.isReachable()).isTrue();
    }
  }

  @Test
  void a_migration_not_applied_yet_is_left_to_flyway_which_applies_it() throws Exception {
    try (Database ignored = Database.start(config(), List.of(IdempotencyStore.MIGRATIONS))) {
      assertThat(allApplied()).isFalse();
    }
    try (Database second = Database.start(config(), SETS)) {
      assertThat(allApplied()).isTrue();
      assertThat(Sql.value(second.dsl(), Boolean.class, "SELECT to_regclass('item') IS NOT NULL"))
          .isTrue();
    }
  }

  @Test
  void an_applied_migration_whose_script_changed_still_stops_the_start() throws Exception {
    try (Database ignored = Database.start(config(), SETS)) {
      // as if V2's script had been edited after it was applied
      execute("UPDATE flyway_history_inventory SET checksum = checksum + 1 WHERE version = '2'");
    }
    assertThat(allApplied()).isFalse();
    assertThatThrownBy(() -> Database.start(config(), SETS).close())
        .hasMessageContaining("checksum");
  }

  @Test
  void a_failed_migration_in_the_history_is_left_to_flyway() throws Exception {
    try (Database ignored = Database.start(config(), SETS)) {
      execute("UPDATE flyway_history_inventory SET success = false WHERE version = '2'");
    }
    assertThat(allApplied()).isFalse();
  }

  @Test
  void an_applied_migration_the_code_does_not_have_is_left_to_flyway_unless_it_is_newer()
      throws Exception {
    try (Database ignored = Database.start(config(), SETS)) {
      // a newer release's migration: fine, as for Flyway
      execute(
          "INSERT INTO flyway_history_inventory (installed_rank, version, description, type,"
              + " script, checksum, installed_by, execution_time, success) SELECT"
              + " max(installed_rank) + 1, '3', 'later', 'SQL', 'V3__later.sql', 1, 'x', 0, true"
              + " FROM flyway_history_inventory");
    }
    assertThat(allApplied()).isTrue();
    // one below the code's newest that the code lacks: Flyway's to judge
    execute(
        "UPDATE flyway_history_inventory SET version = '1.5', script = 'V1_5__gone.sql'"
            + " WHERE version = '3'");
    assertThat(allApplied()).isFalse();
  }
}
