package dev.fieldops.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ReplicatedPostgresIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @Test
  void a_commit_survives_the_primary_and_the_multi_host_url_finds_the_promoted_standby()
      throws Exception {
    try (var postgres = ReplicatedPostgres.start()) {
      String url = postgres.createDatabase("probe");
      int firstPrimary = postgres.primaryPort();
      try (Connection connection = connect(url);
          var statement = connection.createStatement()) {
        statement.execute("create table t (v int); insert into t values (1)");
      }
      // synchronous_commit=on: flushed on the standby before the commit returned, visible there
      // once
      // replayed.
      await()
          .atMost(PATIENCE)
          .ignoreExceptions()
          .untilAsserted(
              () ->
                  assertThat(values(postgres.connectToStandby("probe")))
                      .as("a synchronous standby has every acknowledged commit")
                      .containsExactly(1));

      postgres.killPrimary();
      postgres.promoteStandby();

      assertThat(postgres.primaryPort()).isNotEqualTo(firstPrimary);
      try (Connection connection = postgres.connectToPrimary("postgres");
          var statement = connection.createStatement();
          var rows = statement.executeQuery("show synchronous_standby_names")) {
        rows.next();
        assertThat(rows.getString(1))
            .as("no standby to wait for: commits on the promoted server must not wait")
            .isEmpty();
      }
      try (Connection connection = connect(url);
          var statement = connection.createStatement()) {
        statement.execute("insert into t values (2)");
      }
      assertThat(values(postgres.connectToPrimary("probe"))).containsExactly(1, 2);

      postgres.rejoinOldPrimaryAsStandby();
      assertThat(postgres.standbyPort()).isEqualTo(firstPrimary);
      try (Connection connection = connect(url);
          var statement = connection.createStatement()) {
        statement.execute("insert into t values (3)");
      }
      await()
          .atMost(PATIENCE)
          .ignoreExceptions()
          .untilAsserted(
              () ->
                  assertThat(values(postgres.connectToStandby("probe")))
                      .as("the old primary, rewound, replicates the new one")
                      .containsExactly(1, 2, 3));
    }
  }

  private static Connection connect(String url) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", ReplicatedPostgres.USER);
    properties.setProperty("connectTimeout", "2");
    return DriverManager.getConnection(url, properties);
  }

  private static List<Integer> values(Connection connection) throws SQLException {
    try (connection;
        var statement = connection.createStatement();
        var rows = statement.executeQuery("select v from t order by v")) {
      List<Integer> values = new ArrayList<>();
      while (rows.next()) {
        values.add(rows.getInt(1));
      }
      return values;
    }
  }
}
