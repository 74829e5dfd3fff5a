package dev.fieldops.jooq;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on one PostgreSQL notification channel over a dedicated connection (not a pooled one: it
 * is held for the listener's lifetime and must not count against the pool), reconnecting with a
 * growing pause when the connection fails.
 *
 * <p>PostgreSQL delivers a notification only to sessions that were listening when the notifying
 * transaction committed, so whoever relies on notifications must treat every gap as "anything may
 * have changed": {@link Subscriber#listening()} marks the start of an unbroken stretch of
 * notifications and {@link Subscriber#lost()} or {@link Subscriber#stopped()} its end. A connection
 * that died silently would just look quiet, so after {@code validateAfter} without a notification
 * the listener checks it with a round trip, and a check that fails ends the stretch too.
 *
 * <p>A failure and a deliberate {@link #stop()} are told apart because only the first is news: a
 * subscriber warns about a lost connection, while a service shutting down stops its listeners as a
 * matter of course.
 */
public final class ChannelListener implements Runnable {

  /** What the listener reports; called on the listener's thread. */
  public interface Subscriber {

    /**
     * LISTEN took effect: from now on every commit's notification arrives, until {@link #lost} or
     * {@link #stopped}.
     */
    default void listening() {}

    /** One notification, in commit order, with its payload ("" when none was given). */
    void notified(String payload);

    /**
     * The connection failed: notifications may have been missed until {@link #listening} is called
     * again (the listener reconnects by itself).
     */
    default void lost() {}

    /**
     * {@link #stop()} ended the listening on purpose: no notification arrives any more, and none is
     * expected. Not called when the listener was not listening at the time.
     */
    default void stopped() {}
  }

  private static final Logger log = LoggerFactory.getLogger(ChannelListener.class);
  private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final int WAIT_MILLIS = 500;
  private static final int VALIDATE_TIMEOUT_SECONDS = 2;

  private final DatabaseConfig database;
  private final String channel;
  private final Subscriber subscriber;
  private final long validateAfterNanos;
  private volatile boolean running = true;
  private volatile Connection connection;

  /**
   * @param channel a lower-case SQL identifier
   * @param validateAfter how long a quiet connection goes unchecked: the longest a silently dead
   *     connection can pass for a quiet one (plus the check's own timeout of 2 s)
   */
  public ChannelListener(
      DatabaseConfig database, String channel, Duration validateAfter, Subscriber subscriber) {
    this.database = Objects.requireNonNull(database, "database");
    this.channel = Objects.requireNonNull(channel, "channel");
    if (!CHANNEL.matcher(channel).matches()) {
      throw new IllegalArgumentException("not a plain channel name: " + channel);
    }
    this.subscriber = Objects.requireNonNull(subscriber, "subscriber");
    this.validateAfterNanos = validateAfter.toNanos();
  }

  /** Starts listening on a daemon thread of its own; returns the thread. */
  public Thread start(String threadName) {
    return Thread.ofPlatform().daemon().name(threadName).start(this);
  }

  @Override
  public void run() {
    long pauseMillis = 100;
    while (running) {
      boolean listening = false;
      try (Connection c = open()) {
        connection = c;
        try (Statement statement = c.createStatement()) {
          statement.execute("LISTEN " + channel);
        }
        listening = true;
        pauseMillis = 100;
        subscriber.listening();
        PGConnection pg = c.unwrap(PGConnection.class);
        long quietSince = System.nanoTime();
        while (running) {
          PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
          if (notifications != null && notifications.length > 0) {
            for (PGNotification n : notifications) {
              deliver(n.getParameter() == null ? "" : n.getParameter());
            }
            quietSince = System.nanoTime();
          } else if (System.nanoTime() - quietSince > validateAfterNanos) {
            if (!c.isValid(VALIDATE_TIMEOUT_SECONDS)) {
              throw new SQLException("listen connection no longer valid", "08006");
            }
            quietSince = System.nanoTime();
          }
        }
      } catch (SQLException e) {
        if (running) {
          log.warn(
              "listen connection for channel {} failed (SQLState {}); retry in {} ms",
              channel,
              e.getSQLState(),
              pauseMillis);
        }
      } finally {
        connection = null;
        if (listening) {
          // stop() aborts the connection, which surfaces here like any failure: running tells
          // which it was.
          if (running) {
            subscriber.lost();
          } else {
            subscriber.stopped();
          }
        }
      }
      if (!running) {
        break;
      }
      // Only a failure leaves the loop above while running.
      try {
        Thread.sleep(pauseMillis);
      } catch (InterruptedException interrupted) {
        break;
      }
      pauseMillis = Math.min(pauseMillis * 2, 5_000);
    }
  }

  private void deliver(String payload) {
    try {
      subscriber.notified(payload);
    } catch (RuntimeException e) {
      log.error("handling a notification on channel {} failed", channel, e);
    }
  }

  /** Stops listening; a wait in progress ends at once. */
  public void stop() {
    running = false;
    Connection c = connection;
    if (c != null) {
      try {
        c.abort(Runnable::run);
      } catch (SQLException e) {
        log.debug("closing the listen connection for channel {} failed", channel, e);
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
    properties.setProperty("ApplicationName", "fieldops-listen-" + channel);
    return DriverManager.getConnection(database.jdbcUrl(), properties);
  }
}
