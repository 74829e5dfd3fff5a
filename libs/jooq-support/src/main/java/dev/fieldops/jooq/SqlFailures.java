package dev.fieldops.jooq;

import dev.fieldops.kernel.ConcurrencyConflictException;
import dev.fieldops.kernel.DomainException;
import dev.fieldops.kernel.UnavailableException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Classifies a failure by the SQLStates in its cause chain. jOOQ, HikariCP and pgjdbc wrap each
 * other's exceptions, so the only stable signal is the SQLState of the {@link SQLException}
 * somewhere below; this is the one place that reads it for the platform. {@link
 * #toDomainException(Throwable)} tells the platform's callers (the gRPC error mapping) what a
 * database failure means for them, as a kernel exception.
 */
public final class SqlFailures {

  /** PostgreSQL {@code serialization_failure}. */
  public static final String SERIALIZATION_FAILURE = "40001";

  /** PostgreSQL {@code deadlock_detected}. */
  public static final String DEADLOCK_DETECTED = "40P01";

  /** PostgreSQL {@code unique_violation}. */
  public static final String UNIQUE_VIOLATION = "23505";

  /**
   * PostgreSQL {@code lock_not_available}: {@code lock_timeout} ran out (or a {@code NOWAIT} lock
   * was taken). A conflict with a concurrent transaction, reported like the others, but not retried
   * by {@link Transactor}: the attempt already waited the whole lock timeout.
   */
  public static final String LOCK_NOT_AVAILABLE = "55P03";

  /**
   * PostgreSQL {@code query_canceled}: a statement ran out its {@code statement_timeout} (or was
   * cancelled). Slow, or waiting for a lock the {@code lock_timeout} allows longer: the database
   * did not answer in time, which the caller may retry, not a bug.
   */
  public static final String QUERY_CANCELED = "57014";

  /**
   * PostgreSQL {@code read_only_sql_transaction}: a write on a server that accepts none, a standby.
   * With a multi-host URL and {@code targetServerType=primary} a connection only meets it when its
   * server stopped being the primary (or the URL names one standby alone): the database is not
   * writable here now, which is an outage for the caller, not a bug.
   */
  public static final String READ_ONLY_SQL_TRANSACTION = "25006";

  /** The reason of {@link #toDomainException} for a database that cannot be reached. */
  public static final String DATABASE_UNAVAILABLE = "DATABASE_UNAVAILABLE";

  /** The reason of {@link #toDomainException} for a conflict with a concurrent transaction. */
  public static final String TRANSACTION_CONFLICT = "TRANSACTION_CONFLICT";

  /** SQLState class of connection exceptions (SQL standard). */
  public static final String CONNECTION_EXCEPTION_CLASS = "08";

  /** PostgreSQL {@code admin_shutdown}, {@code crash_shutdown}, {@code cannot_connect_now}. */
  private static final Set<String> SERVER_GOING_AWAY = Set.of("57P01", "57P02", "57P03");

  // How deep causes and chained SQLExceptions are followed (a cycle stops earlier).
  private static final int MAX_CHAIN = 32;

  private SqlFailures() {}

  /**
   * What a database failure means for the caller, as a kernel exception, or empty when it is not
   * one the platform names (a bug, a constraint the code should have checked: an internal error).
   * The cause chain and the chained exceptions of a batch are searched; a connection failure
   * anywhere wins over a conflict.
   *
   * <ul>
   *   <li>{@link #isConnectionFailure connection failure} → {@link UnavailableException} {@value
   *       #DATABASE_UNAVAILABLE};
   *   <li>{@value #QUERY_CANCELED} a statement past its timeout → {@link UnavailableException}
   *       {@value #DATABASE_UNAVAILABLE}, its message saying so;
   *   <li>serialization failure, deadlock (left after {@link Transactor}'s retries) or {@value
   *       #LOCK_NOT_AVAILABLE} lock not available → {@link ConcurrencyConflictException} {@value
   *       #TRANSACTION_CONFLICT}.
   * </ul>
   *
   * The exceptions carry no SQL text: callers see a generic message, the log keeps the original.
   */
  public static Optional<DomainException> toDomainException(Throwable failure) {
    boolean conflict = false;
    boolean timedOut = false;
    for (Throwable t : chain(failure)) {
      if (t instanceof SQLException sql) {
        int chained = 0;
        for (SQLException e = sql;
            e != null && chained < MAX_CHAIN;
            e = e.getNextException(), chained++) {
          if (e instanceof SQLTransientConnectionException || isConnectionState(e.getSQLState())) {
            return Optional.of(
                new UnavailableException(
                    DATABASE_UNAVAILABLE,
                    poolBusy(e)
                        ? "no database connection was free in time; retry later"
                        : "the database is unavailable; retry later",
                    Map.of()));
          }
          conflict |= isConflictState(e.getSQLState());
          timedOut |= QUERY_CANCELED.equals(e.getSQLState());
        }
      }
    }
    if (timedOut) {
      return Optional.of(
          new UnavailableException(
              DATABASE_UNAVAILABLE,
              "the database did not finish a statement in time; retry later",
              Map.of()));
    }
    return conflict
        ? Optional.of(
            new ConcurrencyConflictException(
                TRANSACTION_CONFLICT,
                "the change conflicted with a concurrent one; retry",
                Map.of()))
        : Optional.empty();
  }

  /**
   * The pool gave no connection in time although the server answers: every connection was in use.
   * HikariCP's timeout names its last failure to connect as the cause, with that failure's
   * SQLState, when connecting failed; a busy pool's timeout has neither. Both are {@value
   * #DATABASE_UNAVAILABLE} to the caller (retry later); only the message differs, so that nobody
   * looks for an outage of a database that is only busy.
   */
  private static boolean poolBusy(SQLException e) {
    return e instanceof SQLTransientConnectionException
        && e.getSQLState() == null
        && e.getCause() == null;
  }

  private static boolean isConflictState(String state) {
    return SERIALIZATION_FAILURE.equals(state)
        || DEADLOCK_DETECTED.equals(state)
        || LOCK_NOT_AVAILABLE.equals(state);
  }

  /** The SQLState of the outermost {@link SQLException} in the chain that has one. */
  public static Optional<String> sqlState(Throwable failure) {
    for (Throwable t : chain(failure)) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return Optional.of(sql.getSQLState());
      }
    }
    return Optional.empty();
  }

  /**
   * A failure that a fresh attempt of the whole transaction may not hit again: a serialization
   * failure or a deadlock victim.
   */
  public static boolean isRetryableConflict(Throwable failure) {
    for (Throwable t : chain(failure)) {
      if (t instanceof SQLException sql
          && (SERIALIZATION_FAILURE.equals(sql.getSQLState())
              || DEADLOCK_DETECTED.equals(sql.getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The database could not be reached or the connection broke: SQLState class 08, the server
   * shutting down, restarting or not accepting connections yet ({@code 57P01} admin shutdown,
   * {@code 57P02} crash shutdown, {@code 57P03} cannot connect now), a server that is a standby now
   * ({@value #READ_ONLY_SQL_TRANSACTION}: the primary is elsewhere after a failover), or a pool
   * that timed out waiting for a connection.
   */
  public static boolean isConnectionFailure(Throwable failure) {
    for (Throwable t : chain(failure)) {
      if (t instanceof SQLTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException sql && isConnectionState(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isConnectionState(String state) {
    return state != null
        && (state.startsWith(CONNECTION_EXCEPTION_CLASS)
            || SERVER_GOING_AWAY.contains(state)
            || READ_ONLY_SQL_TRANSACTION.equals(state));
  }

  /** A unique constraint refused a row (a duplicate). */
  public static boolean isUniqueViolation(Throwable failure) {
    for (Throwable t : chain(failure)) {
      if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  private static List<Throwable> chain(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = failure;
        t != null && chain.size() < MAX_CHAIN && seen.add(t);
        t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }
}
