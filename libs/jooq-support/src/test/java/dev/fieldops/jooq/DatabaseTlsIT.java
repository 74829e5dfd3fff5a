package dev.fieldops.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fieldops.certificates.IssuedCertificate;
import dev.fieldops.test.PasswordOnlyPostgres;
import dev.fieldops.test.PrivatePostgres;
import dev.fieldops.test.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service's database on a PostgreSQL that speaks TLS only ({@code ssl=on}, {@code hostssl} lines
 * alone in pg_hba.conf): DATABASE_URL's pgjdbc parameters ({@code sslmode=verify-full}, {@code
 * sslrootcert}) reach the pool and the migrations, and a connection without TLS, or to a server
 * whose certificate the configured CA did not sign, fails at start and says why.
 */
class DatabaseTlsIT {

  private static final MigrationSet INVENTORY =
      new MigrationSet("inventory", "classpath:db/test/inventory");

  @TempDir static Path certificates;

  private static PrivatePostgres server;
  private static TestCertificates authority;

  @BeforeAll
  static void startServerWithTls() {
    assumeTrue(
        PasswordOnlyPostgres.available(), "no PostgreSQL server binaries to start a cluster with");
    authority = TestCertificates.createIn(certificates.resolve("ca"));
    IssuedCertificate certificate = authority.server("postgres");
    server =
        PrivatePostgres.startWithTls(certificate.certificateFile(), certificate.privateKeyFile());
    server.createDatabase("tls_inventory");
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private static DatabaseConfig configFor(String url) {
    return DatabaseConfig.fromEnvironment(
        Map.of("DATABASE_URL", url, "DATABASE_USER", PrivatePostgres.USER), "unused");
  }

  @Test
  void verify_full_with_the_root_certificate_migrates_and_serves_over_tls() {
    String url =
        server.jdbcUrl("tls_inventory") + "?sslmode=verify-full&sslrootcert=" + authority.caFile();

    try (Database database = Database.start(configFor(url), List.of(INVENTORY))) {
      assertThat(
              Sql.value(
                  database.dsl(),
                  Boolean.class,
                  "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
          .isTrue();
      assertThat(
              Sql.values(
                  database.dsl(),
                  String.class,
                  "SELECT version FROM flyway_history_inventory WHERE success ORDER BY 1"))
          .contains("1", "2");
    }
  }

  @Test
  void a_postgres_url_keeps_its_tls_parameters() {
    String url =
        "postgres://"
            + PrivatePostgres.USER
            + "@127.0.0.1:"
            + server.port()
            + "/tls_inventory?sslmode=verify-full&sslrootcert="
            + authority.caFile();

    var config =
        DatabaseConfig.fromEnvironment(Map.of("DATABASE_URL", url), "unused")
            .withMigrationLogin(PrivatePostgres.USER, "");
    assertThat(config.jdbcUrl()).endsWith("?sslmode=verify-full&sslrootcert=" + authority.caFile());
    try (Database database = Database.start(config, List.of())) {
      assertThat(database.probe().reachable()).isTrue();
    }
  }

  @Test
  void without_tls_the_server_refuses_and_the_start_says_so() {
    Throwable failure =
        catchThrowable(
            () ->
                Database.start(
                    configFor(server.jdbcUrl("tls_inventory") + "?sslmode=disable"),
                    List.of(INVENTORY)));

    SQLException refused = rootSqlException(failure);
    assertThat((Object) refused).as("an SQLException in %s", failure).isNotNull();
    assertThat(refused.getSQLState()).isEqualTo("28000");
    assertThat(refused.getMessage()).contains("pg_hba.conf").contains("no encryption");
  }

  @Test
  void a_server_certificate_from_another_authority_is_refused(@TempDir Path elsewhere)
      throws Exception {
    Path strangers = TestCertificates.createIn(elsewhere).caFile();
    assertThat(Files.exists(strangers)).isTrue();

    var config =
        configFor(
            server.jdbcUrl("tls_inventory") + "?sslmode=verify-full&sslrootcert=" + strangers);

    // The pool and, on connections of their own, the migrations: both keep the URL's parameters.
    for (Throwable failure :
        Arrays.asList(
            catchThrowable(() -> Database.start(config, List.of())),
            catchThrowable(() -> Database.migrate(config, List.of(INVENTORY))))) {
      SQLException refused = rootSqlException(failure);
      assertThat((Object) refused).as("an SQLException in %s", failure).isNotNull();
      assertThat(refused.getMessage()).containsIgnoringCase("SSL");
    }
  }

  private static SQLException rootSqlException(Throwable failure) {
    SQLException found = null;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        found = sql;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return found;
  }
}
