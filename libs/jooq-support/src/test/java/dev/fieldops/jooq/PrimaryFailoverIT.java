package dev.fieldops.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.fieldops.test.ReplicatedPostgres;
import dev.fieldops.test.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The platform's database connections after the primary is lost and its synchronous standby
 * promoted, with the multi-host URL ({@code targetServerType=primary}) as the only configuration:
 * the pool and the listen connection fail with a connection failure while there is no primary and
 * find the new one by themselves, and a service started after the old primary rejoined as a standby
 * migrates on the primary whatever the order of the hosts; a pooled connection that finds itself on
 * a read-only server is evicted rather than handed out again.
 */
class PrimaryFailoverIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @Test
  void the_pool_and_the_listener_find_the_promoted_standby_by_themselves() throws Exception {
    try (var postgres = ReplicatedPostgres.start()) {
      String url = postgres.createDatabase("failover");
      var config =
          DatabaseConfig.forUrl(url, ReplicatedPostgres.USER, "")
              .withMaximumPoolSize(2)
              .withConnectTimeout(Duration.ofSeconds(1))
              .withPoolAcquireTimeout(Duration.ofSeconds(1));
      var heard = new CopyOnWriteArrayList<String>();
      var listener =
          new ChannelListener(
              config,
              "failover_test",
              Duration.ofSeconds(1),
              new ChannelListener.Subscriber() {
                @Override
                public void listening() {
                  heard.add("listening");
                }

                @Override
                public void notified(String payload) {
                  heard.add(payload);
                }

                @Override
                public void lost() {
                  heard.add("lost");
                }
              });
      try (var database = Database.start(config, List.of(IdempotencyStore.MIGRATIONS))) {
        database.dsl().execute("create table fact (v int primary key)");
        database.dsl().execute("insert into fact values (1)");
        listener.start("failover-listener");
        await().atMost(PATIENCE).until(() -> heard.contains("listening"));

        postgres.killPrimary();
        Throwable meanwhile =
            catchThrowable(() -> database.dsl().execute("insert into fact values (2)"));
        assertThat(SqlFailures.isConnectionFailure(meanwhile))
            .as("no primary: a connection failure, %s", meanwhile)
            .isTrue();
        assertThat(database.probe().reachable()).isFalse();

        postgres.promoteStandby();
        await()
            .atMost(PATIENCE)
            .ignoreExceptionsMatching(SqlFailures::isConnectionFailure)
            .until(() -> database.dsl().execute("insert into fact values (3)") == 1);
        assertThat(database.probe().reachable()).isTrue();
        assertThat(
                database.dsl().fetch("select v from fact order by v").getValues(0, Integer.class))
            .as("the acknowledged insert survived, the failed one is not there")
            .containsExactly(1, 3);

        await()
            .atMost(PATIENCE)
            .until(() -> heard.stream().filter("listening"::equals).count() == 2);
        assertThat(heard).contains("lost");
        database.dsl().execute("notify failover_test, 'after'");
        await().atMost(PATIENCE).until(() -> heard.contains("after"));
      } finally {
        listener.stop();
      }

      // The old primary back as a standby, first in the URL: a service starting now migrates on
      // the primary, second in the URL (Flyway's connections honour targetServerType too).
      postgres.rejoinOldPrimaryAsStandby();
      try (var restarted =
          Database.start(
              config,
              List.of(
                  IdempotencyStore.MIGRATIONS,
                  new MigrationSet("inventory", "classpath:db/test/inventory")))) {
        assertThat(restarted.dsl().execute("insert into fact values (4)")).isEqualTo(1);
        assertThat(restarted.dsl().fetchOne("select count(*) from item").get(0, Integer.class))
            .isZero();
      }
    }
  }

  @Test
  void a_pooled_connection_refused_a_write_as_on_a_standby_is_evicted() throws Exception {
    try (var testDatabase = TestDatabase.create();
        var database =
            Database.start(
                DatabaseConfig.forUrl(
                        testDatabase.jdbcUrl(), testDatabase.username(), testDatabase.password())
                    .withMaximumPoolSize(1),
                List.of())) {
      database.dsl().execute("create table fact (v int)");
      long first;
      try (Connection connection = database.dataSource().getConnection();
          var statement = connection.createStatement()) {
        // What a session on a standby is: every transaction read-only.
        statement.execute("set default_transaction_read_only = on");
        first = backendPid(connection);
      }

      Throwable refused =
          catchThrowable(() -> database.dsl().execute("insert into fact values (1)"));

      assertThat(SqlFailures.sqlState(refused)).contains(SqlFailures.READ_ONLY_SQL_TRANSACTION);
      assertThat(SqlFailures.toDomainException(refused))
          .get()
          .extracting(e -> e.reason())
          .isEqualTo(SqlFailures.DATABASE_UNAVAILABLE);
      try (Connection connection = database.dataSource().getConnection()) {
        assertThat(backendPid(connection)).as("a fresh connection").isNotEqualTo(first);
      }
      assertThat(database.dsl().execute("insert into fact values (1)")).isEqualTo(1);
      assertThat(database.dsl().fetchOne("select count(*) from fact").get(0, Integer.class))
          .isOne();
    }
  }

  private static long backendPid(Connection connection) throws SQLException {
    try (var statement = connection.createStatement();
        var rows = statement.executeQuery("select pg_backend_pid()")) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
