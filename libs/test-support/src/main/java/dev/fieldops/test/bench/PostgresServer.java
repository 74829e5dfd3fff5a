package dev.fieldops.test.bench;

import java.sql.Connection;
import java.sql.SQLException;

/** What a benchmark says about the PostgreSQL server it ran against. */
public final class PostgresServer {

  private PostgresServer() {}

  /**
   * The server's version and the settings that move write figures: {@code autovacuum} (the outbox
   * and every updated table slow down between vacuums; a CI server may run without), {@code
   * synchronous_commit} and {@code shared_buffers}; e.g. {@code PostgreSQL 15.20 (Debian
   * 15.20-0+deb12u1) on x86_64-pc-linux-gnu; autovacuum off, synchronous_commit on, shared_buffers
   * 128MB}.
   */
  public static String describe(Connection connection) throws SQLException {
    try (var statement = connection.createStatement();
        var rows =
            statement.executeQuery(
                "SELECT split_part(version(), ',', 1), current_setting('autovacuum'),"
                    + " current_setting('synchronous_commit'), current_setting('shared_buffers')")) {
      rows.next();
      return rows.getString(1)
          + "; autovacuum "
          + rows.getString(2)
          + ", synchronous_commit "
          + rows.getString(3)
          + ", shared_buffers "
          + rows.getString(4);
    }
  }
}
