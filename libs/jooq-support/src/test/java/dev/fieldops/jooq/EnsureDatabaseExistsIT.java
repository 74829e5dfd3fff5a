package dev.fieldops.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.test.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EnsureDatabaseExistsIT {

  // Only used for its server coordinates and admin credentials; the databases and roles under
  // test are created next to it and dropped after each test.
  private static TestDatabase server;
  private String suffix;
  private String databaseName;
  private String ownerRole;
  private String otherRole;

  @BeforeAll
  static void createServerHandle() {
    server = TestDatabase.create();
  }

  @AfterAll
  static void dropServerHandle() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void names() {
    suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    databaseName = "fieldops_ensure_" + suffix;
    ownerRole = "fieldops_owner_" + suffix;
    otherRole = "fieldops_other_" + suffix;
  }

  @AfterEach
  void cleanUp() throws SQLException {
    try (Connection admin = admin();
        Statement statement = admin.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + databaseName + " WITH (FORCE)");
      statement.execute("DROP ROLE IF EXISTS " + ownerRole);
      statement.execute("DROP ROLE IF EXISTS " + otherRole);
    }
  }

  @Test
  void creates_the_database_once_and_then_leaves_it_alone() {
    boolean first =
        Database.ensureDatabaseExists(
            server.adminJdbcUrl(), server.username(), server.password(), databaseName);
    boolean second =
        Database.ensureDatabaseExists(
            server.adminJdbcUrl(), server.username(), server.password(), databaseName);

    assertThat(first).isTrue();
    assertThat(second).isFalse();
  }

  @Test
  void creates_the_services_login_role_which_owns_the_database_and_alone_may_connect()
      throws SQLException {
    // With passwords, so that it holds on servers that ask for one (scram-sha-256) as on trust.
    Database.ensureDatabaseExists(
        server.adminJdbcUrl(),
        server.username(),
        server.password(),
        databaseName,
        ownerRole,
        "owner-secret");
    Database.ensureDatabaseExists(
        server.adminJdbcUrl(),
        server.username(),
        server.password(),
        databaseName,
        ownerRole,
        "owner-secret");
    try (Connection admin = admin();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE ROLE " + otherRole + " LOGIN PASSWORD 'other-secret'");
    }
    String url = server.adminJdbcUrl().replace("/postgres", "/" + databaseName);

    var config = DatabaseConfig.forUrl(url, ownerRole, "owner-secret").withMaximumPoolSize(1);
    try (Database database = Database.start(config, List.of(IdempotencyStore.MIGRATIONS))) {
      assertThat(Sql.value(database.dsl(), String.class, "SELECT current_user"))
          .isEqualTo(ownerRole);
      assertThat(
              Sql.value(
                  database.dsl(),
                  String.class,
                  "SELECT tableowner FROM pg_tables WHERE tablename = 'idempotency_record'"))
          .isEqualTo(ownerRole);
    }
    assertThatThrownBy(() -> DriverManager.getConnection(url, otherRole, "other-secret").close())
        .isInstanceOfSatisfying(
            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
  }

  @Test
  void gives_the_new_role_a_password_whatever_characters_it_holds() throws SQLException {
    Database.ensureDatabaseExists(
        server.adminJdbcUrl(),
        server.username(),
        server.password(),
        databaseName,
        ownerRole,
        "it's a \\ secret");

    try (Connection admin = admin();
        var statement =
            admin.prepareStatement(
                "SELECT rolpassword IS NOT NULL AND rolcanlogin FROM pg_authid WHERE rolname ="
                    + " ?")) {
      statement.setString(1, ownerRole);
      try (var rows = statement.executeQuery()) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getBoolean(1)).isTrue();
      }
    }
  }

  @Test
  void refuses_names_that_are_not_plain_identifiers() {
    assertThatThrownBy(
            () ->
                Database.ensureDatabaseExists(
                    server.adminJdbcUrl(),
                    server.username(),
                    server.password(),
                    "x\"; DROP DATABASE postgres; --"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                Database.ensureDatabaseExists(
                    server.adminJdbcUrl(),
                    server.username(),
                    server.password(),
                    databaseName,
                    "Owner"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private Connection admin() throws SQLException {
    return DriverManager.getConnection(server.adminJdbcUrl(), server.username(), server.password());
  }
}
