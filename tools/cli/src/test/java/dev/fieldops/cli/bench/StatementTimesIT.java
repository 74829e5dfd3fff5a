package dev.fieldops.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

class StatementTimesIT {

  @Test
  void theStatementsOfTheMeasuredTimeAreListedLongestFirst() throws Exception {
    try (EmbeddedPostgres server =
            EmbeddedPostgres.builder()
                .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                .start();
        var connection = server.getPostgresDatabase().getConnection();
        var statement = connection.createStatement()) {
      var times =
          new StatementTimes(
              "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres?user=postgres");
      statement.execute("CREATE TABLE before_the_reset (n int)");

      assertThat(times.reset()).isEmpty();
      statement.execute("CREATE TABLE measured (n int)");
      for (int i = 0; i < 3; i++) {
        statement.execute("INSERT INTO measured SELECT generate_series(1, 1000)");
      }
      statement.execute("SELECT pg_sleep(0.2)");

      var found = times.top(50);
      var top = found.statements();
      assertThat(top.getFirst().text()).isEqualTo("SELECT pg_sleep($1)");
      assertThat(top.getFirst().totalMs()).isGreaterThanOrEqualTo(190);
      assertThat(top)
          .anySatisfy(
              insert -> {
                assertThat(insert.database()).isEqualTo("postgres");
                assertThat(insert.text()).startsWith("INSERT INTO measured");
                assertThat(insert.calls()).isEqualTo(3);
                assertThat(insert.rows()).isEqualTo(3000);
              })
          .noneSatisfy(before -> assertThat(before.text()).contains("before_the_reset"));
      assertThat(found.totalMs())
          .isGreaterThanOrEqualTo(
              top.stream().mapToDouble(StatementTimes.Statement::totalMs).sum() - 1e-6);
    }
  }

  @Test
  void aServerWithoutTheModuleSaysSo() throws Exception {
    try (EmbeddedPostgres server = EmbeddedPostgres.builder().start()) {
      var times =
          new StatementTimes(
              "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres?user=postgres");

      assertThat(times.reset())
          .hasValueSatisfying(why -> assertThat(why).contains("shared_preload_libraries"));
    }
  }
}
