package dev.fieldops.jooq.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fieldops.test.FreePorts;
import dev.fieldops.test.PasswordOnlyPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./fieldops up} provisions a server by running deploy/postgres/create-databases.sql itself,
 * so the file and a local run cannot disagree; and it tells a server that refuses its login from
 * one that does not answer, to offer the embedded PostgreSQL instead.
 */
class LocalPostgresIT {

  private static final Path SCRIPT = Path.of("../../deploy/postgres/create-databases.sql");
  private static final Path PSQL = Path.of("/usr/bin/psql");

  /**
   * Roles with their login flag and settings, databases with owner and access: what the script
   * makes.
   */
  private static List<String> provisioned(Connection admin) throws SQLException {
    List<String> facts = new ArrayList<>();
    try (var statement = admin.createStatement();
        var roles =
            statement.executeQuery(
                """
            select r.rolname, r.rolcanlogin, a.rolpassword is not null,
                   coalesce((select array_to_string(array(select unnest(s.setconfig) order by 1), ',')
                             from pg_db_role_setting s where s.setrole = r.oid and s.setdatabase = 0), '')
            from pg_roles r join pg_authid a on a.oid = r.oid
            where r.rolname like 'fieldops\\_%' order by 1""")) {
      while (roles.next()) {
        facts.add(
            "role "
                + roles.getString(1)
                + " login="
                + roles.getBoolean(2)
                + " password="
                + roles.getBoolean(3)
                + " "
                + roles.getString(4));
      }
    }
    try (var statement = admin.createStatement();
        var databases =
            statement.executeQuery(
                """
            select datname, pg_get_userbyid(datdba), datacl::text from pg_database
            where datname like 'fieldops\\_%' order by 1""")) {
      while (databases.next()) {
        facts.add(
            "database "
                + databases.getString(1)
                + " owner="
                + databases.getString(2)
                + " acl="
                + databases.getString(3));
      }
    }
    return facts;
  }

  /**
   * What the script makes inside each database after {@code \connect}: the owner and grants of the
   * schema, and the default privileges for what migrations create later.
   */
  private static List<String> provisionedInside(EmbeddedPostgres server) throws SQLException {
    List<String> facts = new ArrayList<>();
    for (String context : List.of("support", "telemetry", "invoicing")) {
      try (Connection connection =
              server.getDatabase("postgres", "fieldops_" + context).getConnection();
          var statement = connection.createStatement();
          var rows =
              statement.executeQuery(
                  """
              select 'schema ' || pg_get_userbyid(nspowner) || ' ' || nspacl::text
              from pg_namespace where nspname = 'public'
              union all
              select * from (select 'default ' || pg_get_userbyid(defaclrole) || ' '
                  || defaclobjtype::text || ' ' || defaclacl::text
              from pg_default_acl order by 1) d""")) {
        while (rows.next()) {
          facts.add("fieldops_" + context + ": " + rows.getString(1));
        }
      }
    }
    return facts;
  }

  private static void dropEverythingProvisioned(Connection admin) throws SQLException {
    try (var statement = admin.createStatement()) {
      for (String context : List.of("support", "telemetry", "invoicing")) {
        statement.execute("drop database if exists fieldops_" + context + " with (force)");
        statement.execute("drop role if exists fieldops_" + context + "_app");
        statement.execute("drop role if exists fieldops_" + context);
      }
    }
  }

  private static void psql(int port) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                PSQL.toString(),
                "-X",
                "-q",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-v",
                "ON_ERROR_STOP=1",
                "-f",
                SCRIPT.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }

  @Test
  void a_local_run_gets_exactly_what_psql_makes_of_the_deploy_script() throws Exception {
    assumeTrue(Files.isExecutable(PSQL), "psql is not installed");
    try (EmbeddedPostgres server = EmbeddedPostgres.builder().start();
        Connection admin = server.getPostgresDatabase().getConnection()) {
      psql(server.getPort());
      List<String> byPsql = provisioned(admin);
      List<String> insideByPsql = provisionedInside(server);
      dropEverythingProvisioned(admin);

      String adminUrl = "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres";
      assertThat(LocalPostgres.provision(adminUrl, "postgres", "", SCRIPT)).isZero();
      List<String> byUp = provisioned(admin);
      assertThat(provisionedInside(server)).isEqualTo(insideByPsql);
      // Idempotent, as the file promises: a second run changes nothing and fails on nothing.
      assertThat(LocalPostgres.provision(adminUrl, "postgres", "", SCRIPT)).isZero();

      // Per context an owner role, a service (_app) role and a database.
      assertThat(byPsql)
          .hasSize(9)
          .anySatisfy(
              fact ->
                  assertThat(fact)
                      .startsWith("role fieldops_telemetry login=true password=true")
                      .contains("statement_timeout="));
      assertThat(insideByPsql)
          .contains(
              "fieldops_support: schema fieldops_support"
                  + " {fieldops_support=UC/fieldops_support,fieldops_support_app=U/fieldops_support}")
          .anySatisfy(
              fact ->
                  assertThat(fact)
                      .startsWith("fieldops_invoicing: default fieldops_invoicing r ")
                      .contains("fieldops_invoicing_app=arwd/fieldops_invoicing"));
      assertThat(byUp).isEqualTo(byPsql);
      assertThat(provisioned(admin)).isEqualTo(byPsql);
    }
  }

  @Test
  void the_embedded_server_keeps_its_data_and_counts_its_statements(@TempDir Path data)
      throws Exception {
    int port = FreePorts.one();
    try (EmbeddedPostgres server = LocalPostgres.embeddedServer(data, port).start();
        Connection admin = server.getPostgresDatabase().getConnection();
        var statement = admin.createStatement()) {
      assertThat(server.getPort()).isEqualTo(port);
      statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      statement.execute("SELECT pg_stat_statements_reset()");
      statement.execute("CREATE TABLE kept (n int)");
      statement.execute("INSERT INTO kept SELECT generate_series(1, 3)");
      try (var rows =
          statement.executeQuery(
              "SELECT calls, rows FROM pg_stat_statements WHERE query LIKE 'INSERT INTO kept%'")) {
        assertThat(rows.next()).as("the INSERT is counted").isTrue();
        assertThat(rows.getLong(1)).isEqualTo(1);
        assertThat(rows.getLong(2)).isEqualTo(3);
      }
    }
    // A second start on the same folder finds the table: ./fieldops up keeps its data.
    try (EmbeddedPostgres server = LocalPostgres.embeddedServer(data, port).start();
        Connection admin = server.getPostgresDatabase().getConnection();
        var rows = admin.createStatement().executeQuery("SELECT count(*) FROM kept")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getLong(1)).isEqualTo(3);
    }
  }

  @Test
  void a_refused_login_is_told_apart_from_a_server_that_does_not_answer() throws Exception {
    assumeTrue(
        PasswordOnlyPostgres.available(), "no PostgreSQL server binaries to start a cluster with");
    try (var server = PasswordOnlyPostgres.start()) {
      assertThat(LocalPostgres.provision(server.adminJdbcUrl(), "postgres", "", SCRIPT))
          .isEqualTo(LocalPostgres.LOGIN_REFUSED);
      assertThat(LocalPostgres.provision(server.adminJdbcUrl(), "postgres", "wrong", SCRIPT))
          .isEqualTo(LocalPostgres.LOGIN_REFUSED);
      assertThat(
              LocalPostgres.provision(
                  "jdbc:postgresql://127.0.0.1:" + closedPort() + "/postgres",
                  "postgres",
                  "",
                  SCRIPT))
          .isEqualTo(LocalPostgres.UNREACHABLE);

      assertThat(
              LocalPostgres.provision(server.adminJdbcUrl(), "postgres", server.password(), SCRIPT))
          .isZero();
      // The services then log in with their own role's password, scram-sha-256 like everyone.
      String supportUrl = "jdbc:postgresql://127.0.0.1:" + server.port() + "/fieldops_support";
      try (var connection =
              DriverManager.getConnection(supportUrl, "fieldops_support", "fieldops_support");
          var statement = connection.createStatement();
          var rs =
              statement.executeQuery("select current_user, current_setting('statement_timeout')")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("fieldops_support");
        assertThat(rs.getString(2)).isEqualTo("5s");
      }
    }
  }

  private static int closedPort() {
    return FreePorts.one();
  }
}
