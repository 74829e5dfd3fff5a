package dev.fieldops.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.test.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

  @Test
  void a_process_migrates_only_after_the_one_holding_the_migration_lock_is_done() throws Exception {
    try (Connection other =
        DriverManager.getConnection(
            testDatabase.jdbcUrl(), testDatabase.username(), testDatabase.password())) {
      try (Statement timeouts = other.createStatement()) {
        // As the provisioned owners have: short lock and statement timeouts (for every later
        // session), which the wait below outlasts.
        timeouts.execute("alter database " + testDatabase.name() + " set lock_timeout = '300ms'");
        timeouts.execute(
            "alter database " + testDatabase.name() + " set statement_timeout = '600ms'");
      }
      try (Statement lock = other.createStatement()) {
        lock.execute("select pg_advisory_lock(" + Database.MIGRATION_LOCK + ")");
      }
      ExecutorService executor = Executors.newSingleThreadExecutor();
      try {
        Future<?> migrating =
            executor.submit(
                () -> Database.migrate(config(), List.of(IdempotencyStore.MIGRATIONS, INVENTORY)));
        // It waits for the lock, and has created nothing meanwhile.
        awaitWaitingForMigrationLock(other);
        Thread.sleep(1_000); // past both timeouts
        assertThat(migrating).isNotDone();
        assertThat(historyTableExists(other, "flyway_history_idempotency")).isFalse();

        try (Statement unlock = other.createStatement()) {
          unlock.execute("select pg_advisory_unlock(" + Database.MIGRATION_LOCK + ")");
        }
        migrating.get(60, TimeUnit.SECONDS);
        assertThat(historyTableExists(other, "flyway_history_inventory")).isTrue();
      } finally {
        executor.shutdownNow();
      }
    }
  }

  @Test
  void a_migration_may_run_longer_than_the_owners_statement_timeout() throws Exception {
    setDatabaseTimeouts("300ms", "300ms");
    MigrationSet slow = new MigrationSet("slow", "classpath:db/test/slow");

    Database.migrate(config(), List.of(slow)); // its script sleeps 1.5 s

    try (Connection connection = connect()) {
      assertThat(historyTableExists(connection, "flyway_history_slow")).isTrue();
      try (Statement query = connection.createStatement();
          var rows = query.executeQuery("select count(*) from ledger")) {
        assertThat(rows.next()).isTrue();
      }
    }
  }

  @Test
  void a_migration_waiting_for_a_table_lock_fails_after_the_owners_lock_timeout() throws Exception {
    Database.migrate(config(), List.of(INVENTORY));
    setDatabaseTimeouts("300ms", "0");
    MigrationSet blocked = new MigrationSet("blocked", "classpath:db/test/blocked");
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try (Connection reader = connect()) {
      reader.setAutoCommit(false);
      try (Statement read = reader.createStatement()) {
        read.execute("select count(*) from item"); // holds ACCESS SHARE until its transaction ends
      }
      Future<?> migrating =
          executor.submit(() -> Database.migrate(config(), List.of(INVENTORY, blocked)));
      try {
        // Without the lock timeout it would wait for the reader for ever (until the rollback).
        assertThatThrownBy(() -> migrating.get(30, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .hasStackTraceContaining("canceling statement due to lock timeout");
      } finally {
        reader.rollback();
      }
    } finally {
      executor.shutdownNow();
    }
    // Once the reader is gone, the next start applies it.
    Database.migrate(config(), List.of(INVENTORY, blocked));
  }

  private Connection connect() throws Exception {
    return DriverManager.getConnection(
        testDatabase.jdbcUrl(), testDatabase.username(), testDatabase.password());
  }

  /** Timeouts for every later session of the test database, as the provisioned owners have. */
  private void setDatabaseTimeouts(String lockTimeout, String statementTimeout) throws Exception {
    try (Connection connection = connect();
        Statement timeouts = connection.createStatement()) {
      timeouts.execute(
          "alter database " + testDatabase.name() + " set lock_timeout = '" + lockTimeout + "'");
      timeouts.execute(
          "alter database "
              + testDatabase.name()
              + " set statement_timeout = '"
              + statementTimeout
              + "'");
    }
  }

  @Test
  void replicas_starting_together_on_an_empty_database_all_start() throws Exception {
    // Four processes' migrations of three sets at once, as replicas starting together do: each
    // set after the first arrives in a populated schema, where Flyway's baseline on a history
    // table another process had just filled failed a start.
    int replicas = 4;
    MigrationSet more = new MigrationSet("more", "classpath:db/test/more");
    for (int round = 0; round < 5; round++) {
      TestDatabase fresh = TestDatabase.create();
      ExecutorService executor = Executors.newFixedThreadPool(replicas);
      try {
        DatabaseConfig config =
            DatabaseConfig.forUrl(fresh.jdbcUrl(), fresh.username(), fresh.password());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> migrations = new ArrayList<>();
        for (int r = 0; r < replicas; r++) {
          migrations.add(
              executor.submit(
                  () -> {
                    start.await();
                    Database.migrate(config, List.of(IdempotencyStore.MIGRATIONS, INVENTORY, more));
                    return null;
                  }));
        }
        start.countDown();
        for (Future<?> migration : migrations) {
          migration.get(120, TimeUnit.SECONDS);
        }
      } finally {
        executor.shutdownNow();
        fresh.close();
      }
    }
  }

  private static void awaitWaitingForMigrationLock(Connection connection) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try (Statement query = connection.createStatement();
          var rows =
              query.executeQuery(
                  "select count(*) from pg_locks where locktype = 'advisory' and not granted"
                      + " and database = (select oid from pg_database"
                      + " where datname = current_database())")) {
        rows.next();
        if (rows.getInt(1) > 0) {
          return;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("nobody waited for the migration lock within 30 s");
  }

  private static boolean historyTableExists(Connection connection, String table) throws Exception {
    try (var query = connection.prepareStatement("select to_regclass(?) is not null")) {
      query.setString(1, table);
      try (var rows = query.executeQuery()) {
        rows.next();
        return rows.getBoolean(1);
      }
    }
  }
}
