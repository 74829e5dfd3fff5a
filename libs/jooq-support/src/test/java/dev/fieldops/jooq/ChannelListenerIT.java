package dev.fieldops.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fieldops.test.TestDatabase;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The listener tells its subscriber what happened to the stretch of notifications it hears: a
 * connection that fails is {@code lost} (and comes back), a listener stopped on purpose is {@code
 * stopped}, never {@code lost}.
 */
class ChannelListenerIT {

  private static final Duration PATIENCE = Duration.ofSeconds(10);
  private static final String CHANNEL = "listener_test";

  private static TestDatabase testDatabase;
  private static DatabaseConfig config;

  @BeforeAll
  static void createDatabase() {
    testDatabase = TestDatabase.create();
    config =
        DatabaseConfig.forUrl(
            testDatabase.jdbcUrl(), testDatabase.username(), testDatabase.password());
  }

  @AfterAll
  static void dropDatabase() {
    testDatabase.close();
  }

  /** Records every call, in order: "listening", "notified:<payload>", "lost", "stopped". */
  private static final class Recorder implements ChannelListener.Subscriber {
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public void listening() {
      calls.add("listening");
    }

    @Override
    public void notified(String payload) {
      calls.add("notified:" + payload);
    }

    @Override
    public void lost() {
      calls.add("lost");
    }

    @Override
    public void stopped() {
      calls.add("stopped");
    }
  }

  private static void execute(String sql) throws SQLException {
    try (var connection = testDatabase.connect();
        var statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  @Test
  void a_listener_stopped_on_purpose_reports_stopped_and_not_a_lost_connection() throws Exception {
    var recorder = new Recorder();
    var listener = new ChannelListener(config, CHANNEL, Duration.ofSeconds(1), recorder);
    Thread thread = listener.start("listener-test");
    await().atMost(PATIENCE).until(() -> recorder.calls.contains("listening"));
    execute("notify " + CHANNEL + ", 'hello'");
    await().atMost(PATIENCE).until(() -> recorder.calls.contains("notified:hello"));

    listener.stop();
    thread.join(PATIENCE.toMillis());

    assertThat(thread.isAlive()).isFalse();
    assertThat(recorder.calls).containsExactly("listening", "notified:hello", "stopped");
  }

  @Test
  void a_connection_that_fails_is_lost_and_listening_resumes() throws Exception {
    var recorder = new Recorder();
    var listener = new ChannelListener(config, CHANNEL, Duration.ofSeconds(1), recorder);
    listener.start("listener-test-failure");
    try {
      await().atMost(PATIENCE).until(() -> recorder.calls.contains("listening"));

      execute(
          "select pg_terminate_backend(pid, 5000) from pg_stat_activity"
              + " where application_name = 'fieldops-listen-"
              + CHANNEL
              + "'"
              + " and datname = current_database()");

      await().atMost(PATIENCE).until(() -> recorder.calls.size() >= 3);
      assertThat(recorder.calls.subList(0, 3)).containsExactly("listening", "lost", "listening");
    } finally {
      listener.stop();
    }
  }
}
