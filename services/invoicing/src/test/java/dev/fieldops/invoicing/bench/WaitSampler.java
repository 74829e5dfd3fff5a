package dev.fieldops.invoicing.bench;

import dev.fieldops.test.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the database sessions of a benchmark phase spend their time, sampled from {@code
 * pg_stat_activity} every 10 ms: running, waiting for a lock, for the WAL flush of a commit, or
 * idle in a transaction waiting for the client to send its next statement. The last one, on the
 * session that holds the counter row, is time the client adds to the serialised part of an issue.
 */
final class WaitSampler implements AutoCloseable {

  private final String name;
  private final Thread thread;
  private final Map<String, Integer> samples = new TreeMap<>();
  private volatile boolean stopped;
  private int rounds;

  private WaitSampler(String name, TestDatabase database) {
    this.name = name;
    this.thread = Thread.ofPlatform().daemon().name("wait-sampler").start(() -> sample(database));
  }

  static WaitSampler start(TestDatabase database, String name) {
    return new WaitSampler(name, database);
  }

  private void sample(TestDatabase database) {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      while (!stopped) {
        try (ResultSet rows =
            statement.executeQuery(
                """
            select state, coalesce(wait_event_type, 'CPU'), coalesce(wait_event, 'running')
            from pg_stat_activity
            where datname = current_database() and backend_type = 'client backend'
              and pid <> pg_backend_pid() and state <> 'idle'""")) {
          while (rows.next()) {
            String key = rows.getString(1) + " / " + rows.getString(2) + ":" + rows.getString(3);
            samples.merge(key, 1, Integer::sum);
          }
        }
        rounds++;
        Thread.sleep(10);
      }
    } catch (SQLException | InterruptedException e) {
      System.err.println("wait sampler stopped: " + e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    stopped = true;
    thread.join();
    if (rounds == 0) {
      return;
    }
    System.out.printf(
        "%s: busy database sessions by state / wait (average per sample of %d):%n", name, rounds);
    samples.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(8)
        .forEach(
            e -> System.out.printf("  %6.2f  %s%n", (double) e.getValue() / rounds, e.getKey()));
  }
}
