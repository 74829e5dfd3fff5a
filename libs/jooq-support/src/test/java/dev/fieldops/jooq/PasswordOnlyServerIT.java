package dev.fieldops.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fieldops.test.PasswordOnlyPostgres;
import dev.fieldops.test.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A service's database on a PostgreSQL that accepts password logins only (scram-sha-256): the
 * database the tests create through the FIELDOPS_TEST_PG* variables, the service's pool, its
 * migrations and its LISTEN connection all log in with the password of its variables.
 */
class PasswordOnlyServerIT {

  private static final MigrationSet INVENTORY =
      new MigrationSet("inventory", "classpath:db/test/inventory");

  private static PasswordOnlyPostgres server;
  private static TestDatabase testDatabase;

  @BeforeAll
  static void startServer() {
    assumeTrue(
        PasswordOnlyPostgres.available(), "no PostgreSQL server binaries to start a cluster with");
    server = PasswordOnlyPostgres.start();
    testDatabase = TestDatabase.create(server.testVariables());
  }

  @AfterAll
  static void stopServer() {
    try {
      if (testDatabase != null) {
        testDatabase.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  @Test
  void a_service_database_is_migrated_and_listened_to_with_the_password_of_its_variables() {
    var config =
        DatabaseConfig.fromEnvironment(
            Map.of(
                "DATABASE_URL", testDatabase.jdbcUrl(),
                "DATABASE_USER", testDatabase.username(),
                "DATABASE_PASSWORD", testDatabase.password()),
            "unused");
    try (Database database =
        Database.start(config, List.of(IdempotencyStore.MIGRATIONS, INVENTORY))) {
      assertThat(
              Sql.values(
                  database.dsl(),
                  String.class,
                  "SELECT version FROM flyway_history_inventory WHERE success ORDER BY installed_rank"))
          .containsExactly("0", "1", "2");

      var listening = new AtomicBoolean();
      var listener =
          new ChannelListener(
              config,
              "password_test",
              Duration.ofSeconds(1),
              new ChannelListener.Subscriber() {
                @Override
                public void listening() {
                  listening.set(true);
                }

                @Override
                public void notified(String payload) {}
              });
      listener.start("password-test-listener");
      try {
        await().atMost(Duration.ofSeconds(10)).untilTrue(listening);
      } finally {
        listener.stop();
      }
    }
  }
}
