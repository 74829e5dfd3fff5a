package dev.fieldops.jooq.codegen;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;

/**
 * PostgreSQL for a local run ({@code ./fieldops up}), two commands:
 *
 * <ul>
 *   <li>{@code embedded DATA_DIR PORT}: runs an embedded PostgreSQL whose data survives restarts in
 *       DATA_DIR (for machines without a PostgreSQL server); stops on SIGTERM.
 *   <li>{@code provision ADMIN_JDBC_URL USER SQL_FILE}: runs SQL_FILE ({@code
 *       deploy/postgres/create-databases.sql}: one login role and one database per bounded context,
 *       created when missing) on the server as USER, whose password is read from the environment
 *       variable {@value #PASSWORD_VARIABLE} (empty when unset), never from the command line where
 *       {@code ps} shows it.
 * </ul>
 *
 * <p>Exit status: 0 done; 1 the script failed; 2 bad usage; 3 the server did not answer; 4 the
 * server refused the login ({@code ./fieldops up} then offers the embedded PostgreSQL).
 */
public final class LocalPostgres {

  /** Where {@code provision} reads the admin login's password. */
  static final String PASSWORD_VARIABLE = "FIELDOPS_PG_ADMIN_PASSWORD";

  static final int UNREACHABLE = 3;
  static final int LOGIN_REFUSED = 4;

  private LocalPostgres() {}

  public static void main(String[] args) throws Exception {
    QuietLogging.discardLibraryLogs();
    if (args.length == 3 && args[0].equals("embedded")) {
      embedded(Path.of(args[1]), Integer.parseInt(args[2]));
    } else if (args.length == 4 && args[0].equals("provision")) {
      String password = System.getenv(PASSWORD_VARIABLE);
      System.exit(provision(args[1], args[2], password == null ? "" : password, Path.of(args[3])));
    } else {
      System.err.println(
          "usage: LocalPostgres embedded DATA_DIR PORT | provision ADMIN_JDBC_URL USER SQL_FILE");
      System.exit(2);
    }
  }

  /**
   * The embedded server of {@code ./fieldops up --embedded-postgres}: data kept in {@code dataDir}
   * across starts, statement statistics on, as most production servers keep them ({@code ./fieldops
   * bench system} reads where PostgreSQL's time went from them).
   */
  static EmbeddedPostgres.Builder embeddedServer(Path dataDir, int port) {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setServerConfig("shared_preload_libraries", "pg_stat_statements");
  }

  private static void embedded(Path dataDir, int port) throws Exception {
    Files.createDirectories(dataDir);
    EmbeddedPostgres postgres = embeddedServer(dataDir, port).start();
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    postgres.close();
                  } catch (Exception e) {
                    System.err.println(
                        "embedded PostgreSQL did not stop cleanly: " + e.getMessage());
                  }
                  stopped.countDown();
                }));
    System.out.println("embedded PostgreSQL on 127.0.0.1:" + port + ", data in " + dataDir);
    stopped.await();
  }

  /**
   * Runs {@code script} on the server of {@code adminUrl} as {@code user}; prints one line on
   * stderr when it fails and returns the exit status (see the class comment).
   */
  static int provision(String adminUrl, String user, String password, Path script)
      throws IOException {
    PsqlScript statements = PsqlScript.parse(Files.readString(script));
    Connection admin;
    try {
      admin = DriverManager.getConnection(adminUrl, user, password);
    } catch (SQLException e) {
      if (loginRefused(e)) {
        System.err.println(
            "PostgreSQL at "
                + hostPort(adminUrl)
                + " refused the login of '"
                + user
                + "': "
                + e.getMessage());
        return LOGIN_REFUSED;
      }
      System.err.println(
          "PostgreSQL at " + hostPort(adminUrl) + " did not answer: " + e.getMessage());
      return UNREACHABLE;
    }
    try (admin) {
      statements.run(
          admin,
          database -> DriverManager.getConnection(inDatabase(adminUrl, database), user, password));
    } catch (SQLException e) {
      System.err.println(
          "running "
              + script
              + " as '"
              + user
              + "' on "
              + hostPort(adminUrl)
              + " failed: "
              + e.getMessage()
              + (e.getSQLState() != null && e.getSQLState().equals("42501")
                  ? " (the login needs to be a superuser: the script creates roles and databases and sets the owner roles' default privileges)"
                  : ""));
      return 1;
    }
    System.out.println(
        "databases and roles ready (" + script.getFileName() + " on " + hostPort(adminUrl) + ")");
    return 0;
  }

  /**
   * Whether the server (SQLState class 28), or pgjdbc before asking it (08004: a password was
   * requested and none given), refused the login.
   */
  static boolean loginRefused(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    return state.startsWith("28")
        || (state.equals("08004") && String.valueOf(e.getMessage()).contains("authentication"));
  }

  /** {@code adminUrl} with its database replaced by {@code database}, parameters kept. */
  static String inDatabase(String adminUrl, String database) {
    return adminUrl.replaceFirst("^(jdbc:postgresql://[^/?]*)(/[^?]*)?", "$1/" + database);
  }

  private static String hostPort(String jdbcUrl) {
    return jdbcUrl.replaceFirst("^jdbc:postgresql://", "").replaceFirst("/.*$", "");
  }
}
