package dev.fieldops.jooq;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Classifies a failure by the SQLStates in its cause chain. jOOQ, HikariCP and pgjdbc wrap each
 * other's exceptions, so the only stable signal is the SQLState of the {@link SQLException}
 * somewhere below; this is the one place that reads it for the platform.
 */
public final class SqlFailures {

  /** PostgreSQL {@code serialization_failure}. */
  public static final String SERIALIZATION_FAILURE = "40001";

  /** PostgreSQL {@code deadlock_detected}. */
  public static final String DEADLOCK_DETECTED = "40P01";

  /** PostgreSQL {@code unique_violation}. */
  public static final String UNIQUE_VIOLATION = "23505";

  /** SQLState class of connection exceptions (SQL standard). */
  public static final String CONNECTION_EXCEPTION_CLASS = "08";

  /** PostgreSQL {@code admin_shutdown}, {@code crash_shutdown}, {@code cannot_connect_now}. */
  private static final Set<String> SERVER_GOING_AWAY = Set.of("57P01", "57P02", "57P03");

  private SqlFailures() {}

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
   * {@code 57P02} crash shutdown, {@code 57P03} cannot connect now), or a pool that timed out
   * waiting for a connection.
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
        && (state.startsWith(CONNECTION_EXCEPTION_CLASS) || SERVER_GOING_AWAY.contains(state));
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
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }
}
