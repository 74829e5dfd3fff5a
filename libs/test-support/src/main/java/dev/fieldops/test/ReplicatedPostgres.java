package dev.fieldops.test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A highly available PostgreSQL of a test's own: a primary and a synchronous standby, two real
 * server processes on free ports of 127.0.0.1 ({@link PrivatePostgres} each, same binaries, same
 * trust authentication, superuser {@code postgres}). The standby is a base backup of the primary
 * ({@code pg_basebackup}) that streams its WAL; the primary names it in {@code
 * synchronous_standby_names} with {@code synchronous_commit = on}, so a commit is acknowledged to
 * the client only once the standby has flushed it: whatever a client was told is committed survives
 * the loss of the primary.
 *
 * <p>Clients find the primary through {@link #jdbcUrl(String)}, pgjdbc's multi-host URL with {@code
 * targetServerType=primary}: pgjdbc tries the hosts in order and keeps the one that accepts writes,
 * which is how a service finds the new primary after a failover without being told.
 *
 * <p>A failover, as Patroni or CloudNativePG run it: {@link #killPrimary()} ({@code SIGKILL} to the
 * primary's processes), then {@link #promoteStandby()} ({@code pg_ctl promote}). The promoted
 * server has no standby of its own, so promotion also clears its {@code synchronous_standby_names}
 * (what a failover manager does when no synchronous candidate is left): otherwise every commit
 * would wait for a standby that does not exist, forever. {@link #rejoinOldPrimaryAsStandby()} then
 * rewinds the old primary ({@code pg_rewind}) and makes it the new primary's synchronous standby,
 * so that the pair can fail over again.
 *
 * <p>Like {@link PrivatePostgres}, the servers run with {@code fsync=off}: a killed process loses
 * nothing the operating system holds, which is the fault tested here (not a power cut).
 */
public final class ReplicatedPostgres implements AutoCloseable {

  /** The superuser of both servers (trust authentication: no password). */
  public static final String USER = PrivatePostgres.USER;

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private final List<PrivatePostgres> nodes = new ArrayList<>();
  private final List<Integer> ports;
  private PrivatePostgres primary;
  private PrivatePostgres standby;
  private PrivatePostgres failed;

  private ReplicatedPostgres(PrivatePostgres primary, PrivatePostgres standby) {
    this.primary = primary;
    this.standby = standby;
    this.nodes.add(primary);
    this.nodes.add(standby);
    this.ports = List.of(primary.port(), standby.port());
  }

  /**
   * Starts a primary and a standby of it; returns once the standby replicates synchronously ({@code
   * pg_stat_replication.sync_state = 'sync'}).
   */
  public static ReplicatedPostgres start() {
    // The settings go to postgresql.auto.conf, which the base backup copies: both servers have the
    // same configuration, as under a failover manager, synchronous_standby_names included (which
    // is why promotion must clear it). pg_rewind needs data checksums (or wal_log_hints) and the
    // WAL back to where the histories parted, also after the crash recovery it runs on the old
    // primary, which sees postgresql.auto.conf but not the command line.
    PrivatePostgres primary = PrivatePostgres.startWithChecksums();
    PrivatePostgres standby;
    try {
      try (Connection connection = primary.connect("postgres");
          Statement statement = connection.createStatement()) {
        statement.execute("ALTER SYSTEM SET wal_keep_size = '256MB'");
        statement.execute("ALTER SYSTEM SET synchronous_commit = on");
        statement.execute("ALTER SYSTEM SET synchronous_standby_names = '\"" + nodeName(1) + "\"'");
        statement.execute("SELECT pg_reload_conf()");
      }
      standby = PrivatePostgres.standbyOf(primary, nodeName(1));
    } catch (SQLException | RuntimeException e) {
      primary.close();
      throw new IllegalStateException("cannot start a standby of " + primary, e);
    }
    var pair = new ReplicatedPostgres(primary, standby);
    try {
      pair.replicateSynchronouslyTo(standby);
      return pair;
    } catch (RuntimeException e) {
      pair.close();
      throw e;
    }
  }

  private String nameOf(PrivatePostgres node) {
    return nodeName(nodes.indexOf(node));
  }

  private static String nodeName(int index) {
    return "fieldops_node" + (index + 1);
  }

  /**
   * The multi-host JDBC URL of {@code database}: both servers, in a fixed order, with {@code
   * targetServerType=primary} (pgjdbc connects to whichever accepts writes, trying each host in
   * turn) and {@code hostRecheckSeconds=2} (how long pgjdbc trusts what it last learnt about a
   * host: a promoted standby is tried again as a primary soon).
   */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:"
        + ports.get(0)
        + ",127.0.0.1:"
        + ports.get(1)
        + "/"
        + database
        + "?targetServerType=primary&hostRecheckSeconds=2";
  }

  /** The port of the current primary. */
  public synchronized int primaryPort() {
    return primary.port();
  }

  /** The port of the current standby; fails when there is none (after a failover). */
  public synchronized int standbyPort() {
    if (standby == null) {
      throw new IllegalStateException("no standby since the failover");
    }
    return standby.port();
  }

  /** The current primary's postmaster process id. */
  public synchronized long primaryPid() {
    return primary.pid();
  }

  /** Creates an empty database on the primary (the standby replicates it); returns its URL. */
  public String createDatabase(String name) {
    primaryNode().createDatabase(name);
    return jdbcUrl(name);
  }

  /**
   * Runs a psql script on the primary as the superuser (see {@link PrivatePostgres#runScript}),
   * e.g. deploy/postgres/create-databases.sql for the FieldOps roles and databases.
   */
  public String runScript(Path script) {
    return primaryNode().runScript(script);
  }

  /** A plain superuser connection to {@code database} on the current primary. */
  public Connection connectToPrimary(String database) throws SQLException {
    return primaryNode().connect(database);
  }

  /** A plain superuser connection to {@code database} on the current standby. */
  public Connection connectToStandby(String database) throws SQLException {
    PrivatePostgres node;
    synchronized (this) {
      if (standby == null) {
        throw new IllegalStateException("no standby since the failover");
      }
      node = standby;
    }
    return node.connect(database);
  }

  private synchronized PrivatePostgres primaryNode() {
    return primary;
  }

  /**
   * Kills the primary as a crash would ({@link PrivatePostgres#kill()}: {@code SIGKILL} to the
   * postmaster and its processes by process id). Nothing takes over until {@link
   * #promoteStandby()}: meanwhile clients find no server that accepts writes.
   */
  public synchronized void killPrimary() {
    primary.kill();
  }

  /**
   * Promotes the standby to primary ({@code pg_ctl promote}, waiting until it is done), clears its
   * {@code synchronous_standby_names} (it has no standby now: commits must not wait for one) and
   * returns once it accepts writes. The old primary, killed, stays down until {@link
   * #rejoinOldPrimaryAsStandby()}.
   */
  public synchronized void promoteStandby() {
    if (standby == null) {
      throw new IllegalStateException("no standby to promote");
    }
    standby.run("pg_ctl", "-D", standby.data().toString(), "-w", "-t", "60", "promote");
    failed = primary;
    primary = standby;
    standby = null;
    setSynchronousStandby("");
    awaitPrimary(primary);
  }

  /**
   * Brings the failed old primary back as the standby of the new one: {@code pg_rewind} winds its
   * data back to where the two histories parted (it was killed, so pg_rewind runs its crash
   * recovery first), it follows the new primary, and the new primary names it its synchronous
   * standby again. Returns once it replicates synchronously.
   */
  public synchronized void rejoinOldPrimaryAsStandby() {
    if (failed == null) {
      throw new IllegalStateException("no failed primary to rejoin");
    }
    PrivatePostgres old = failed;
    old.kill();
    // A promoted server records its new timeline in its control file only at its first checkpoint
    // (with a fast promotion, later); pg_rewind reads the timeline there and would otherwise find
    // "no rewind required" (Patroni checkpoints first too).
    try (Connection connection = primary.connect("postgres");
        Statement statement = connection.createStatement()) {
      statement.execute("CHECKPOINT");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot checkpoint " + primary, e);
    }
    old.run(
        "pg_rewind",
        "--target-pgdata=" + old.data(),
        "--source-server=host=127.0.0.1 port="
            + primary.port()
            + " user="
            + USER
            + " dbname=postgres",
        "--no-sync");
    old.followPrimary(primary.port(), nameOf(old));
    old.restart();
    failed = null;
    standby = old;
    replicateSynchronouslyTo(old);
  }

  /** Names {@code node} the primary's synchronous standby and waits until it is. */
  private void replicateSynchronouslyTo(PrivatePostgres node) {
    String name = nameOf(node);
    setSynchronousStandby('"' + name + '"');
    long end = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      try (Connection connection = primary.connect("postgres");
          PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT sync_state FROM pg_stat_replication WHERE application_name = ?")) {
        statement.setString(1, name);
        try (ResultSet rows = statement.executeQuery()) {
          if (rows.next() && "sync".equals(rows.getString(1))) {
            return;
          }
        }
      } catch (SQLException e) {
        if (System.nanoTime() > end) {
          throw new IllegalStateException("cannot ask " + primary + " about its standby", e);
        }
      }
      pauseUntil(
          end,
          node
              + " did not become the synchronous standby of "
              + primary
              + "; its log ends:\n"
              + node.logTail(20));
    }
  }

  private void setSynchronousStandby(String names) {
    try (Connection connection = primary.connect("postgres");
        Statement statement = connection.createStatement()) {
      statement.execute("ALTER SYSTEM SET synchronous_commit = on");
      statement.execute("ALTER SYSTEM SET synchronous_standby_names = '" + names + "'");
      statement.execute("SELECT pg_reload_conf()");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot set synchronous_standby_names on " + primary, e);
    }
  }

  private static void awaitPrimary(PrivatePostgres node) {
    long end = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      try (Connection connection = node.connect("postgres");
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT pg_is_in_recovery()")) {
        if (rows.next() && !rows.getBoolean(1)) {
          return;
        }
      } catch (SQLException e) {
        // not up yet
      }
      pauseUntil(end, node + " did not start accepting writes");
    }
  }

  private static void pauseUntil(long end, String failure) {
    if (System.nanoTime() > end) {
      throw new IllegalStateException(failure + " within " + PATIENCE);
    }
    try {
      // Polling a server that is starting; the bound above ends it.
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Stops both servers and deletes their directories. */
  @Override
  public synchronized void close() {
    RuntimeException failure = null;
    // The standby first: a primary stopping with "fast" waits for nothing, but a standby left
    // alone retries its primary.
    for (PrivatePostgres node : List.of(nodes.get(1), nodes.get(0))) {
      try {
        node.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public synchronized String toString() {
    return "ReplicatedPostgres[primary=" + primary + ", standby=" + standby + "]";
  }
}
