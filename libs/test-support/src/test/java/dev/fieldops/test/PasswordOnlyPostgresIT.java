package dev.fieldops.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tests work against a PostgreSQL that asks for a password (scram-sha-256 only, as Debian's
 * pg_createcluster sets up) through the documented FIELDOPS_TEST_PG* variables, and say what to set
 * when the login is refused.
 */
class PasswordOnlyPostgresIT {

  private static PasswordOnlyPostgres server;

  @BeforeAll
  static void startServer() {
    assumeTrue(
        PasswordOnlyPostgres.available(), "no PostgreSQL server binaries to start a cluster with");
    server = PasswordOnlyPostgres.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void the_server_refuses_a_login_without_the_password() {
    assertThatThrownBy(
            () -> DriverManager.getConnection(server.adminJdbcUrl(), "postgres", "").close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("password");
  }

  @Test
  void a_test_database_is_created_used_and_dropped_with_the_password_variables() throws Exception {
    String name;
    try (var database = TestDatabase.create(server.testVariables())) {
      name = database.name();
      assertThat(database.jdbcUrl()).contains(":" + server.port() + "/");
      try (var connection = database.connect();
          var statement = connection.createStatement()) {
        statement.execute("create table marker (id int)");
        statement.execute("insert into marker values (1)");
        try (var rs =
            statement.executeQuery("select current_user, count(*) from marker group by 1")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("postgres");
        }
      }
    }
    try (var admin =
            DriverManager.getConnection(server.adminJdbcUrl(), "postgres", server.password());
        var statement =
            admin.prepareStatement("select count(*) from pg_database where datname = ?")) {
      statement.setString(1, name);
      try (var rs = statement.executeQuery()) {
        rs.next();
        assertThat(rs.getInt(1)).as("dropped on close").isZero();
      }
    }
  }

  @Test
  void a_refused_login_names_the_variables_to_set() {
    Map<String, String> withoutPassword = new HashMap<>(server.testVariables());
    withoutPassword.remove("FIELDOPS_TEST_PGPASSWORD");

    assertThatThrownBy(() -> TestDatabase.create(withoutPassword))
        .hasMessageContaining("refused the login of 'postgres'")
        .hasMessageContaining("FIELDOPS_TEST_PGPASSWORD");
  }
}
