package dev.fieldops.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.fieldops.test.FreePorts;
import dev.fieldops.test.TestDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An unreachable database must surface, within a bounded time, as a failure whose cause chain holds
 * an SQLState class 08 exception or a pool acquisition timeout: that is what the gRPC layer turns
 * into UNAVAILABLE.
 */
class DatabaseUnavailableIT {

  // Far above the configured timeouts (1 s), far below "hangs forever".
  private static final Duration BOUND = Duration.ofSeconds(20);

  private static TestDatabase testDatabase;

  @BeforeAll
  static void createDatabase() {
    testDatabase = TestDatabase.create();
  }

  @AfterAll
  static void dropDatabase() {
    if (testDatabase != null) {
      testDatabase.close();
    }
  }

  private static DatabaseConfig configFor(String host, int port) {
    return DatabaseConfig.forUrl(
            "jdbc:postgresql://" + host + ":" + port + "/" + testDatabase.name(),
            testDatabase.username(),
            testDatabase.password())
        .withMaximumPoolSize(2)
        .withConnectTimeout(Duration.ofSeconds(1))
        .withPoolAcquireTimeout(Duration.ofSeconds(1));
  }

  @Test
  void starting_against_a_closed_port_fails_with_a_connection_failure() throws IOException {
    int closedPort = FreePorts.one();
    var config = configFor("127.0.0.1", closedPort);

    Throwable failure =
        assertTimeoutPreemptively(
            BOUND,
            () ->
                catchThrowable(() -> Database.start(config, List.of(IdempotencyStore.MIGRATIONS))));

    assertConnectionFailure(failure);
  }

  @Test
  void starting_against_a_server_that_never_answers_fails_within_the_connect_timeout()
      throws IOException {
    List<Socket> held = new ArrayList<>();
    try (ServerSocket silent =
        new ServerSocket(FreePorts.one(), 50, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual()
          .start(
              () -> {
                while (!silent.isClosed()) {
                  try {
                    held.add(silent.accept());
                  } catch (IOException closed) {
                    return;
                  }
                }
              });
      var config = configFor("127.0.0.1", silent.getLocalPort());

      Throwable failure =
          assertTimeoutPreemptively(
              BOUND, () -> catchThrowable(() -> Database.start(config, List.of())));

      assertConnectionFailure(failure);
    } finally {
      for (Socket socket : held) {
        socket.close();
      }
    }
  }

  @Test
  void a_database_that_goes_away_fails_queries_with_a_connection_failure_and_recovers_when_back() {
    URI server = URI.create(testDatabase.jdbcUrl().substring("jdbc:".length()));
    try (TcpProxy proxy = TcpProxy.to(server.getHost(), server.getPort());
        Database database = Database.start(configFor("127.0.0.1", proxy.port()), List.of())) {
      assertThat(Sql.value(database.dsl(), Integer.class, "SELECT 1")).isEqualTo(1);

      proxy.cut();

      Throwable queryFailure =
          assertTimeoutPreemptively(
              BOUND,
              () -> catchThrowable(() -> Sql.value(database.dsl(), Integer.class, "SELECT 1")));
      assertConnectionFailure(queryFailure);
      Throwable transactionFailure =
          assertTimeoutPreemptively(
              BOUND,
              () ->
                  catchThrowable(
                      () ->
                          database
                              .transactor()
                              .inTransaction(tx -> Sql.value(tx, Integer.class, "SELECT 1"))));
      assertConnectionFailure(transactionFailure);
      assertCallerIsTold(transactionFailure, "the database is unavailable; retry later");
      assertThat(database.isReachable()).isFalse();

      proxy.restore();

      await()
          .atMost(BOUND)
          .ignoreExceptions()
          .until(() -> Sql.value(database.dsl(), Integer.class, "SELECT 1") == 1);
      assertThat(database.isReachable()).isTrue();
    }
  }

  @Test
  void the_probe_says_unreachable_while_the_database_is_away_and_reachable_while_only_busy()
      throws Exception {
    URI server = URI.create(testDatabase.jdbcUrl().substring("jdbc:".length()));
    try (TcpProxy proxy = TcpProxy.to(server.getHost(), server.getPort());
        Database database = Database.start(configFor("127.0.0.1", proxy.port()), List.of())) {
      assertThat(database.probe().reachable()).isTrue();
      // Both pooled connections held by "requests": busy, not away.
      try (var first = database.dataSource().getConnection();
          var second = database.dataSource().getConnection()) {
        Database.Probe busy = assertTimeoutPreemptively(BOUND, database::probe);
        assertThat(busy.reachable()).as(busy.detail()).isTrue();
        assertThat(busy.detail()).contains("in use");
        // A request that finds no free connection is told so, not that the database is away.
        Throwable noConnection =
            assertTimeoutPreemptively(
                BOUND,
                () -> catchThrowable(() -> Sql.value(database.dsl(), Integer.class, "SELECT 1")));
        assertConnectionFailure(noConnection);
        assertCallerIsTold(noConnection, "no database connection was free in time; retry later");
      }

      proxy.cut();

      Database.Probe away = assertTimeoutPreemptively(BOUND, database::probe);
      assertThat(away.reachable()).isFalse();

      proxy.restore();

      await().atMost(BOUND).until(() -> database.probe().reachable());
    }
  }

  /** The message {@link SqlFailures} gives the caller for {@code failure}. */
  private static void assertCallerIsTold(Throwable failure, String message) {
    assertThat(SqlFailures.toDomainException(failure))
        .hasValueSatisfying(named -> assertThat(named.getMessage()).isEqualTo(message));
  }

  /** What the gRPC layer looks for, written out independently of {@link SqlFailures}. */
  private static void assertConnectionFailure(Throwable failure) {
    assertThat(failure).as("a failure").isNotNull();
    boolean found = false;
    for (Throwable t = failure; t != null && !found; t = t.getCause()) {
      found =
          t instanceof SQLTransientConnectionException
              || (t instanceof SQLException sql
                  && sql.getSQLState() != null
                  && sql.getSQLState().startsWith("08"));
    }
    assertThat(found)
        .as("SQLState 08 or SQLTransientConnectionException in the cause chain of %s", failure)
        .isTrue();
    assertThat(SqlFailures.isConnectionFailure(failure)).isTrue();
  }
}
