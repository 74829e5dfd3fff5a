package dev.fieldops.runtime;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs {@link PeriodicJob}s until closed; see there for the guarantees. */
public final class PeriodicJobs implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PeriodicJobs.class);

  private final DataSource dataSource;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final List<Thread> threads = new ArrayList<>();

  public PeriodicJobs(DataSource dataSource, List<PeriodicJob> jobs) {
    this.dataSource = dataSource;
    for (PeriodicJob job : jobs) {
      threads.add(Thread.ofVirtual().name("job-" + job.name()).start(() -> loop(job)));
    }
  }

  private void loop(PeriodicJob job) {
    try {
      while (!stopped.await(job.interval().toMillis(), TimeUnit.MILLISECONDS)) {
        runOnce(job);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Runs the job now if no other instance is running it. The lock is a session-level advisory lock
   * on a connection of its own, outside any transaction: the job's own transactions stay short and
   * separate, and a long run is not cut off by the role's idle-in-transaction timeout.
   */
  boolean runOnce(PeriodicJob job) {
    if (!job.exclusive()) {
      return runGuarded(job);
    }
    long key = lockKey(job.name());
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(true);
      if (!advisory(connection, "select pg_try_advisory_lock(?)", key)) {
        return false;
      }
      try {
        return runGuarded(job);
      } finally {
        advisory(connection, "select pg_advisory_unlock(?)", key);
      }
    } catch (SQLException e) {
      LOG.atWarn().addKeyValue("job", job.name()).setCause(e).log("periodic job could not take its lock; will retry");
      return false;
    }
  }

  private static boolean advisory(Connection connection, String sql, long key) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, key);
      try (ResultSet result = statement.executeQuery()) {
        return result.next() && result.getBoolean(1);
      }
    }
  }

  private static boolean runGuarded(PeriodicJob job) {
    try {
      job.task().run();
      return true;
    } catch (RuntimeException e) {
      LOG.atWarn().addKeyValue("job", job.name()).setCause(e).log("periodic job failed; will retry");
      return false;
    }
  }

  static long lockKey(String name) {
    var crc = new CRC32();
    crc.update(("fieldops-job:" + name).getBytes(StandardCharsets.UTF_8));
    return crc.getValue();
  }

  @Override
  public void close() {
    stopped.countDown();
    for (Thread thread : threads) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
