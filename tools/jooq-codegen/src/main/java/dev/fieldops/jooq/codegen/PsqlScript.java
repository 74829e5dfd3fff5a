package dev.fieldops.jooq.codegen;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Runs a psql script over JDBC, so that {@code ./fieldops up} executes {@code
 * deploy/postgres/create-databases.sql} itself instead of keeping a second copy of what it says: a
 * machine with the embedded PostgreSQL has no psql. It understands what that script uses and
 * nothing more: {@code --} comments, statements ended by {@code ;}, queries ended by psql's {@code
 * \gexec} (every value of every row they return is then executed as a statement of its own, in
 * order, as psql does), and {@code \connect DATABASE} (or {@code \c DATABASE}) on a line of its
 * own, after which the statements run in that database as the same login. Anything else that starts
 * with a backslash is refused rather than misread. Every statement runs in autocommit, as in psql,
 * since {@code CREATE DATABASE} may not run in a transaction.
 */
final class PsqlScript {

  /**
   * One step: a statement, a query whose results are statements ({@code \gexec}), or a switch to
   * another database ({@code connect}: {@code sql} is then the database's name).
   */
  record Step(String sql, boolean gexec, boolean connect) {
    Step(String sql, boolean gexec) {
      this(sql, gexec, false);
    }
  }

  /** Opens a connection to another database of the same server, as the same login. */
  @FunctionalInterface
  interface Connector {
    Connection connect(String database) throws SQLException;
  }

  private static final Pattern CONNECT =
      Pattern.compile("\\\\(?:connect|c)[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*");

  private final List<Step> steps;

  private PsqlScript(List<Step> steps) {
    this.steps = List.copyOf(steps);
  }

  List<Step> steps() {
    return steps;
  }

  static PsqlScript parse(String text) {
    List<Step> steps = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (quoted) {
        current.append(c);
        if (c == '\'') {
          quoted = false; // a doubled '' re-opens at once on the next character
        }
        i++;
      } else if (c == '\'') {
        quoted = true;
        current.append(c);
        i++;
      } else if (c == '-' && text.startsWith("--", i)) {
        int end = text.indexOf('\n', i);
        i = end < 0 ? text.length() : end;
      } else if (c == ';') {
        add(steps, current, false);
        i++;
      } else if (c == '\\') {
        int lineEnd = text.indexOf('\n', i);
        var connect = CONNECT.matcher(text.substring(i, lineEnd < 0 ? text.length() : lineEnd));
        if (connect.matches()) {
          if (!current.toString().isBlank()) {
            throw new IllegalArgumentException(
                "\\connect after a statement without ';': " + current.toString().strip());
          }
          current.setLength(0);
          steps.add(new Step(connect.group(1), false, true));
          i = lineEnd < 0 ? text.length() : lineEnd;
          continue;
        }
        if (!text.startsWith("\\gexec", i)) {
          int end = text.indexOf('\n', i);
          throw new IllegalArgumentException(
              "unsupported psql command: "
                  + text.substring(i, end < 0 ? text.length() : end).strip());
        }
        add(steps, current, true);
        i += "\\gexec".length();
      } else {
        current.append(c);
        i++;
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("unterminated string literal at the end of the script");
    }
    if (!current.toString().isBlank()) {
      throw new IllegalArgumentException(
          "the script ends without ';' or \\gexec: " + current.toString().strip());
    }
    return new PsqlScript(steps);
  }

  private static void add(List<Step> steps, StringBuilder current, boolean gexec) {
    String sql = current.toString().strip();
    current.setLength(0);
    if (sql.isEmpty()) {
      if (gexec) {
        throw new IllegalArgumentException("\\gexec without a query before it");
      }
      return;
    }
    steps.add(new Step(sql, gexec));
  }

  /**
   * Runs every step on {@code connection} (autocommit); stops at the first failure. A script with
   * {@code \connect} needs {@link #run(Connection, Connector)}.
   */
  void run(Connection connection) throws SQLException {
    run(
        connection,
        database -> {
          throw new SQLException("this script may not \\connect (to " + database + ")");
        });
  }

  /**
   * Runs every step, starting on {@code first} and continuing on a connection of {@code connector}
   * after each {@code \connect} (closed when the next one comes, or at the end); stops at the first
   * failure. {@code first} stays the caller's to close.
   */
  void run(Connection first, Connector connector) throws SQLException {
    Connection connection = first;
    try {
      connection.setAutoCommit(true);
      for (Step step : steps) {
        if (step.connect()) {
          Connection next = connector.connect(step.sql());
          if (connection != first) {
            connection.close();
          }
          connection = next;
          connection.setAutoCommit(true);
          continue;
        }
        runStep(connection, step);
      }
    } finally {
      if (connection != first) {
        connection.close();
      }
    }
  }

  private static void runStep(Connection connection, Step step) throws SQLException {
    if (!step.gexec()) {
      execute(connection, step.sql());
      return;
    }
    List<String> generated = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(step.sql())) {
      int columns = rows.getMetaData().getColumnCount();
      while (rows.next()) {
        for (int column = 1; column <= columns; column++) {
          String value = rows.getString(column);
          if (value != null) {
            generated.add(value);
          }
        }
      }
    }
    for (String sql : generated) {
      execute(connection, sql);
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
