package dev.fieldops.cli.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a PostgreSQL spent its time, by statement, from {@code pg_stat_statements}: reset at the
 * start of a measured time, read at its end. The server must load the module ({@code
 * shared_preload_libraries}, as the embedded PostgreSQL of {@code ./fieldops up} does); on one that
 * does not, {@link #reset} says why and {@link #top} returns nothing. The times are execution times
 * as PostgreSQL counts them: on a busy machine they include waiting for a core and for locks.
 */
final class StatementTimes {

  private final String adminUrl;

  StatementTimes(String adminUrl) {
    this.adminUrl = adminUrl;
  }

  /** One statement's totals in one database. */
  record Statement(String database, long calls, double totalMs, long rows, String text) {

    double meanMs() {
      return calls == 0 ? 0 : totalMs / calls;
    }
  }

  /**
   * Creates the extension where it is missing and starts its counts over; empty when that worked,
   * else why not.
   */
  Optional<String> reset() {
    try (Connection admin = DriverManager.getConnection(adminUrl);
        var statement = admin.createStatement()) {
      statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      statement.execute("SELECT pg_stat_statements_reset()");
      return Optional.empty();
    } catch (SQLException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** The longest statements, most first, and the execution time of every statement together. */
  record Top(List<Statement> statements, double totalMs) {
    Top {
      statements = List.copyOf(statements);
    }
  }

  /**
   * The {@code limit} statements that took the most time since {@link #reset}, and the time of all
   * of them, in one query (the window sum is taken before the limit).
   */
  Top top(int limit) throws SQLException {
    var top = new ArrayList<Statement>();
    double total = 0;
    try (Connection admin = DriverManager.getConnection(adminUrl);
        var query =
            admin.prepareStatement(
                "SELECT d.datname, s.calls, s.total_exec_time, s.rows, s.query,"
                    + " sum(s.total_exec_time) OVER ()"
                    + " FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid"
                    + " ORDER BY s.total_exec_time DESC LIMIT ?")) {
      query.setInt(1, limit);
      try (var rows = query.executeQuery()) {
        while (rows.next()) {
          top.add(
              new Statement(
                  rows.getString(1),
                  rows.getLong(2),
                  rows.getDouble(3),
                  rows.getLong(4),
                  oneLine(rows.getString(5))));
          total = rows.getDouble(6);
        }
      }
    }
    return new Top(top, total);
  }

  /** A statement's text on one line with single spaces. */
  static String oneLine(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s+", " ");
  }

  /** At most {@code width} characters, an ellipsis marking a cut. */
  static String shorten(String text, int width) {
    return text.length() <= width ? text : text.substring(0, Math.max(0, width - 1)) + "…";
  }
}
