package dev.fieldops.jooq.codegen;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * PostgreSQL for a local run ({@code ./fieldops up}), two commands:
 *
 * <ul>
 *   <li>{@code embedded DATA_DIR PORT}: runs an embedded PostgreSQL whose data survives restarts in
 *       DATA_DIR (for machines without a PostgreSQL server); stops on SIGTERM.
 *   <li>{@code provision ADMIN_JDBC_URL USER PASSWORD}: creates, when missing, one login role and
 *       one database per bounded context, each role allowed to connect only to its own database,
 *       with role-level timeouts — the same as deploy/postgres/create-databases.sql.
 * </ul>
 */
public final class LocalPostgres {

  /** Each context's database, owned by a login role of the same name (password = name, local only). */
  static final List<String> DATABASES = List.of("fieldops_support", "fieldops_telemetry", "fieldops_invoicing");

  private LocalPostgres() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("embedded")) {
      embedded(Path.of(args[1]), Integer.parseInt(args[2]));
    } else if (args.length == 4 && args[0].equals("provision")) {
      provision(args[1], args[2], args[3]);
    } else {
      System.err.println("usage: LocalPostgres embedded DATA_DIR PORT | provision ADMIN_JDBC_URL USER PASSWORD");
      System.exit(2);
    }
  }

  private static void embedded(Path dataDir, int port) throws Exception {
    Files.createDirectories(dataDir);
    EmbeddedPostgres postgres = EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setPort(port)
        .start();
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        postgres.close();
      } catch (Exception e) {
        System.err.println("embedded PostgreSQL did not stop cleanly: " + e.getMessage());
      }
      stopped.countDown();
    }));
    System.out.println("embedded PostgreSQL on 127.0.0.1:" + port + ", data in " + dataDir);
    stopped.await();
  }

  private static void provision(String adminUrl, String user, String password) throws SQLException {
    try (Connection admin = DriverManager.getConnection(adminUrl, user, password)) {
      for (String name : DATABASES) {
        if (!exists(admin, "select 1 from pg_roles where rolname = ?", name)) {
          execute(admin, "create role " + name + " login password '" + name + "'");
        }
        if (!exists(admin, "select 1 from pg_database where datname = ?", name)) {
          execute(admin, "create database " + name + " owner " + name);
        }
        execute(admin, "revoke connect on database " + name + " from public");
        execute(admin, "grant connect on database " + name + " to " + name);
        execute(admin, "alter role " + name + " set statement_timeout = '10s'");
        execute(admin, "alter role " + name + " set lock_timeout = '2s'");
        execute(admin, "alter role " + name + " set idle_in_transaction_session_timeout = '15s'");
      }
    }
    System.out.println("databases and roles ready: " + String.join(", ", DATABASES));
  }

  private static boolean exists(Connection connection, String sql, String name) throws SQLException {
    try (var statement = connection.prepareStatement(sql)) {
      statement.setString(1, name);
      try (var rs = statement.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (var statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
