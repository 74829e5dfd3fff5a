package dev.fieldops.nats.outbox;

import dev.fieldops.jooq.DatabaseConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on the {@code outbox} channel over a dedicated connection (not a pooled one: it is held
 * for the relay's lifetime and must not count against the pool) and wakes the relay on every
 * notification. Losing the connection only costs latency, since the relay also polls; the listener
 * reconnects with a growing pause.
 */
final class NotificationListener implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(NotificationListener.class);
  private static final int WAIT_MILLIS = 500;
  private static final long VALIDATE_EVERY_NANOS = 30_000_000_000L;

  private final DatabaseConfig database;
  private final Runnable wake;
  private volatile boolean running = true;
  private volatile Connection connection;

  NotificationListener(DatabaseConfig database, Runnable wake) {
    this.database = database;
    this.wake = wake;
  }

  @Override
  public void run() {
    long pauseMillis = 100;
    while (running) {
      try (Connection c = open()) {
        connection = c;
        try (Statement statement = c.createStatement()) {
          statement.execute("LISTEN " + Outbox.CHANNEL);
        }
        pauseMillis = 100;
        // Anything committed while we were away is found by this extra round.
        wake.run();
        PGConnection pg = c.unwrap(PGConnection.class);
        long validated = System.nanoTime();
        while (running) {
          PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
          if (notifications != null && notifications.length > 0) {
            wake.run();
          } else if (System.nanoTime() - validated > VALIDATE_EVERY_NANOS) {
            // A silently dead TCP connection would otherwise just look quiet.
            if (!c.isValid(5)) {
              throw new SQLException("listen connection no longer valid", "08006");
            }
            validated = System.nanoTime();
          }
        }
      } catch (SQLException e) {
        if (!running) {
          return;
        }
        log.warn(
            "outbox listen connection failed (SQLState {}); relay keeps polling, retry in {} ms",
            e.getSQLState(), pauseMillis);
        try {
          Thread.sleep(pauseMillis);
        } catch (InterruptedException interrupted) {
          return;
        }
        pauseMillis = Math.min(pauseMillis * 2, 5_000);
      } finally {
        connection = null;
      }
    }
  }

  void stop() {
    running = false;
    Connection c = connection;
    if (c != null) {
      try {
        // Aborting ends a getNotifications wait at once.
        c.abort(Runnable::run);
      } catch (SQLException e) {
        log.debug("closing the outbox listen connection failed", e);
      }
    }
  }

  private Connection open() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", database.username());
    properties.setProperty("password", database.password());
    long connectSeconds = Math.max(1, database.connectTimeout().toSeconds());
    properties.setProperty("connectTimeout", Long.toString(connectSeconds));
    properties.setProperty("loginTimeout", Long.toString(connectSeconds));
    properties.setProperty("tcpKeepAlive", "true");
    properties.setProperty("ApplicationName", "fieldops-outbox-listener");
    return DriverManager.getConnection(database.jdbcUrl(), properties);
  }
}
