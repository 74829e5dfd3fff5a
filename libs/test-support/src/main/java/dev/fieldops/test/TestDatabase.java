package dev.fieldops.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A fresh, empty PostgreSQL database on the local server, dropped again on {@link #close()}.
 *
 * <p>It connects as the superuser to the server at {@code FIELDOPS_TEST_PGHOST}:{@code
 * FIELDOPS_TEST_PGPORT} (default 127.0.0.1:5432, user {@code FIELDOPS_TEST_PGUSER} or {@code
 * postgres}, password {@code FIELDOPS_TEST_PGPASSWORD} or none), so each test class works on a
 * database nobody else touches and leaves nothing behind. The login needs the right to create and
 * drop databases (CREATEDB or superuser); a server that asks for a password (scram-sha-256,
 * Debian's default) gets {@code FIELDOPS_TEST_PGPASSWORD}.
 */
public final class TestDatabase implements AutoCloseable {

  static {
    // DriverManager finds drivers once, through the context class loader of the thread that first
    // asks. Under `mvn exec:java` (the benchmarks) that can be a thread of the plugin's loader, and
    // the first connection then failed with "No suitable driver" now and then: register pgjdbc
    // from this class's own loader instead.
    try {
      Class.forName("org.postgresql.Driver");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final String host;
  private final int port;
  private final String username;
  private final String password;
  private final String name;

  private TestDatabase(String host, int port, String username, String password, String name) {
    this.host = host;
    this.port = port;
    this.username = username;
    this.password = password;
    this.name = name;
  }

  /** Creates a database with a unique name and returns a handle to it. */
  public static TestDatabase create() {
    return create(System.getenv());
  }

  /**
   * Creates a database on the server that {@code variables} name ({@code FIELDOPS_TEST_PGHOST},
   * {@code FIELDOPS_TEST_PGPORT}, {@code FIELDOPS_TEST_PGUSER}, {@code FIELDOPS_TEST_PGPASSWORD};
   * defaults as for the environment).
   */
  public static TestDatabase create(Map<String, String> variables) {
    String host = variable(variables, "FIELDOPS_TEST_PGHOST", "127.0.0.1");
    int port = Integer.parseInt(variable(variables, "FIELDOPS_TEST_PGPORT", "5432"));
    String user = variable(variables, "FIELDOPS_TEST_PGUSER", "postgres");
    String password = variable(variables, "FIELDOPS_TEST_PGPASSWORD", "");
    String name =
        "fieldops_test_"
            + UUID.randomUUID()
                .toString()
                .replace("-", "")
                .substring(0, 16)
                .toLowerCase(Locale.ROOT);
    var database = new TestDatabase(host, port, user, password, name);
    database.admin("CREATE DATABASE " + name);
    return database;
  }

  private static String variable(Map<String, String> variables, String name, String fallback) {
    String value = variables.get(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  /** JDBC URL of this database. */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + name;
  }

  public String username() {
    return username;
  }

  public String password() {
    return password;
  }

  /** The database's name, unique per instance. */
  public String name() {
    return name;
  }

  /** JDBC URL of the server's maintenance database, for creating roles or other databases. */
  public String adminJdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/postgres";
  }

  /** Opens a plain connection to this database (the caller closes it). */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), username, password);
  }

  @Override
  public void close() {
    admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private void admin(String sql) {
    Objects.requireNonNull(sql);
    try (Connection connection = DriverManager.getConnection(adminJdbcUrl(), username, password);
        var statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot run '"
              + sql
              + "' on the test PostgreSQL at "
              + host
              + ":"
              + port
              + ": "
              + e.getMessage()
              + " ("
              + advice(e)
              + ")",
          e);
    }
  }

  /** What to do about a failed admin statement, by its SQLState. */
  private String advice(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    // pgjdbc refuses by itself (08004) to answer a password request without a password.
    boolean passwordMissing =
        state.equals("08004") && String.valueOf(e.getMessage()).contains("authentication");
    if (state.startsWith("28") || passwordMissing) {
      return "the server refused the login of '"
          + username
          + "': set FIELDOPS_TEST_PGUSER and"
          + " FIELDOPS_TEST_PGPASSWORD to a login that may create databases";
    }
    if (state.equals("42501")) {
      return "'"
          + username
          + "' may not create databases: use a superuser or a role with CREATEDB"
          + " (FIELDOPS_TEST_PGUSER, FIELDOPS_TEST_PGPASSWORD)";
    }
    if (state.startsWith("08")) {
      return "is it running? set FIELDOPS_TEST_PGHOST and FIELDOPS_TEST_PGPORT to where it listens;"
          + " .ci/run starts the local one";
    }
    return "FIELDOPS_TEST_PGHOST, FIELDOPS_TEST_PGPORT, FIELDOPS_TEST_PGUSER and"
        + " FIELDOPS_TEST_PGPASSWORD name the server and the login";
  }
}
