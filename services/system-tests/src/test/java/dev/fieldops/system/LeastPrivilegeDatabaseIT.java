package dev.fieldops.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fieldops.test.PasswordOnlyPostgres;
import dev.fieldops.test.PrivatePostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL roles of deploy/postgres/create-databases.sql, applied by psql to a cluster of the
 * test's own: each service migrates as its context's owner role and then serves as the {@code _app}
 * role, which may read and write rows and nothing more. The whole demo runs on them (LISTEN/NOTIFY,
 * triggers, telemetry's daily partitions and COPY, support's yearly ticket-number sequences); the
 * service roles cannot create, alter or drop a table; and no role reaches another context's
 * database.
 */
class LeastPrivilegeDatabaseIT {

  private static final Path SCRIPT = Path.of("../../deploy/postgres/create-databases.sql");
  private static final List<String> CONTEXTS = List.of("support", "telemetry", "invoicing");
  private static final String INSUFFICIENT_PRIVILEGE = "42501";

  private static PrivatePostgres server;

  @BeforeAll
  static void provisionTheRolesWithTheDeployScript() throws Exception {
    assumeTrue(PasswordOnlyPostgres.available(), "no PostgreSQL server binaries");
    server = PrivatePostgres.start();
    server.runScript(SCRIPT);
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private static Map<String, String> twoRoles(String service) {
    String database = "fieldops_" + service;
    return Map.of(
        "DATABASE_URL",
        server.jdbcUrl(database),
        "DATABASE_USER",
        database + "_app",
        "DATABASE_PASSWORD",
        database + "_app",
        "DATABASE_MIGRATION_USER",
        database,
        "DATABASE_MIGRATION_PASSWORD",
        database);
  }

  private static Connection connect(String database, String role) throws SQLException {
    return DriverManager.getConnection(server.jdbcUrl(database), role, role);
  }

  @Test
  void the_services_migrate_as_the_owner_and_run_the_whole_demo_as_their_dml_role()
      throws Exception {
    try (var system = RunningSystem.start(LeastPrivilegeDatabaseIT::twoRoles, List::of)) {
      var demo = system.demo();

      assertThat(demo.exit()).as(demo.output() + demo.errors()).isZero();
    }
    for (String context : CONTEXTS) {
      String database = "fieldops_" + context;
      try (Connection owner = connect(database, database);
          var statement = owner.createStatement();
          var rows =
              statement.executeQuery(
                  "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).as("every table of " + database).isEqualTo(database);
        assertThat(rows.next()).isFalse();
      }
    }
  }

  @Test
  void a_service_role_cannot_create_alter_or_drop_a_table() throws Exception {
    try (var system = RunningSystem.start(LeastPrivilegeDatabaseIT::twoRoles, List::of)) {
      for (String context : CONTEXTS) {
        String database = "fieldops_" + context;
        try (Connection service = connect(database, database + "_app")) {
          for (String ddl :
              List.of(
                  "CREATE TABLE intruder (id int)",
                  "ALTER TABLE outbox_event ADD COLUMN intruder int",
                  "DROP TABLE outbox_event",
                  "TRUNCATE outbox_event",
                  "CREATE FUNCTION intruder() RETURNS int LANGUAGE sql AS 'SELECT 1'")) {
            var refused =
                catchThrowableOfType(
                    SQLException.class, () -> service.createStatement().execute(ddl));
            assertThat((Object) refused).as(context + ": " + ddl).isNotNull();
            assertThat(refused.getSQLState())
                .as(context + ": " + ddl)
                .isEqualTo(INSUFFICIENT_PRIVILEGE);
          }
          // Rows it may touch.
          try (var rows =
              service.createStatement().executeQuery("SELECT count(*) FROM outbox_event")) {
            assertThat(rows.next()).isTrue();
          }
        }
      }
    }
  }

  @Test
  void no_role_reaches_another_contexts_database() {
    for (String context : CONTEXTS) {
      for (String other : CONTEXTS) {
        if (other.equals(context)) {
          continue;
        }
        for (String role : List.of("fieldops_" + context, "fieldops_" + context + "_app")) {
          var refused =
              catchThrowableOfType(
                  SQLException.class, () -> connect("fieldops_" + other, role).close());
          assertThat((Object) refused).as(role + " -> fieldops_" + other).isNotNull();
          assertThat(refused.getSQLState())
              .as(role + " -> fieldops_" + other)
              .isEqualTo(INSUFFICIENT_PRIVILEGE);
        }
      }
    }
  }
}
