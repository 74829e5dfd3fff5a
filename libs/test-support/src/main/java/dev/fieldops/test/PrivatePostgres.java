package dev.fieldops.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * A PostgreSQL cluster of a test's own, for fault tests that stop and start the database server
 * under load: never the machine's shared server. {@link #start()} runs {@code initdb} into a
 * temporary directory and starts the server on a free port of 127.0.0.1 (trust authentication,
 * superuser {@code postgres}, no password; nothing listens elsewhere); {@link #stop()} stops it the
 * way a crash does ({@code pg_ctl stop -m immediate}: every connection drops at once, the restart
 * recovers from the WAL), {@link #kill()} kills its processes outright, {@link #restart()} starts
 * it again on the same port and data, and {@link #close()} stops it and deletes the directory.
 *
 * <p>The binaries are those of {@code FIELDOPS_TEST_PG_BIN} (default {@code
 * /usr/lib/postgresql/15/bin}, Debian's {@code postgresql-15}). PostgreSQL refuses to run as root:
 * when the tests run as root, the commands run as the {@code postgres} operating-system user
 * ({@code runuser}), which then owns the directory. {@link ReplicatedPostgres} builds a primary and
 * a standby out of two of these.
 */
public final class PrivatePostgres implements AutoCloseable {

  /** The superuser of the cluster (trust authentication: no password). */
  public static final String USER = PostgresTools.USER;

  private final PostgresTools tools;
  private final Path directory;
  private final Path data;
  private final int port;
  private String serverOptions = "";

  private PrivatePostgres(PostgresTools tools, Path directory, int port) {
    this.tools = tools;
    this.directory = directory;
    this.data = directory.resolve("data");
    this.port = port;
  }

  /** Creates a cluster in a temporary directory and starts it on a free port. */
  public static PrivatePostgres start() {
    return create(null, null, false);
  }

  /**
   * Like {@link #start()}, with TLS on ({@code ssl=on}, {@code certificate} and {@code privateKey}
   * as the server's PEM files) and TLS required: {@code pg_hba.conf} lets TCP connections in only
   * over TLS ({@code hostssl}) and rejects every plaintext one ({@code hostnossl ... reject}). The
   * files are copied into the cluster's directory (the key readable by the server's user alone, as
   * PostgreSQL demands).
   */
  public static PrivatePostgres startWithTls(Path certificate, Path privateKey) {
    return create(certificate, privateKey, false);
  }

  /**
   * A new cluster with data checksums (which {@code pg_rewind} needs, and a base backup keeps), for
   * {@link ReplicatedPostgres}'s primary.
   */
  static PrivatePostgres startWithChecksums() {
    return create(null, null, true);
  }

  private static PrivatePostgres create(Path certificate, Path privateKey, boolean checksums) {
    PostgresTools tools = PostgresTools.locate();
    var cluster = new PrivatePostgres(tools, tools.createDirectory(), FreePorts.one());
    try {
      cluster.run(
          "initdb",
          "-D",
          cluster.data.toString(),
          "-U",
          USER,
          "--auth=trust",
          "--encoding=UTF8",
          "--locale=C",
          "--no-sync",
          checksums ? "--data-checksums" : "--no-instructions");
      if (certificate != null) {
        cluster.requireTls(certificate, privateKey);
      }
      cluster.restart();
      return cluster;
    } catch (RuntimeException e) {
      cluster.delete();
      throw e;
    }
  }

  /**
   * A streaming-replication standby of {@code primary}: a base backup of it ({@code pg_basebackup},
   * WAL streamed along) in a directory of its own, started on a free port as a hot standby that
   * connects to the primary as {@code applicationName} (the name {@code synchronous_standby_names}
   * refers to).
   */
  static PrivatePostgres standbyOf(PrivatePostgres primary, String applicationName) {
    PostgresTools tools = primary.tools;
    var standby = new PrivatePostgres(tools, tools.createDirectory(), FreePorts.one());
    try {
      standby.run(
          "pg_basebackup",
          "-D",
          standby.data.toString(),
          "-h",
          "127.0.0.1",
          "-p",
          Integer.toString(primary.port),
          "-U",
          USER,
          "-X",
          "stream",
          "--checkpoint=fast",
          "--no-sync");
      standby.followPrimary(primary.port, applicationName);
      standby.restart();
      return standby;
    } catch (RuntimeException e) {
      standby.delete();
      throw e;
    }
  }

  /**
   * Makes the (stopped) cluster a standby of the server on {@code primaryPort} at its next start:
   * {@code standby.signal} and the {@code primary_conninfo} naming it {@code applicationName}.
   */
  void followPrimary(int primaryPort, String applicationName) {
    try {
      Path signal = data.resolve("standby.signal");
      if (!Files.exists(signal)) {
        Files.createFile(signal);
      }
      Path auto = data.resolve("postgresql.auto.conf");
      String settings = Files.exists(auto) ? Files.readString(auto, StandardCharsets.UTF_8) : "";
      settings =
          settings
                  .lines()
                  .filter(line -> !line.startsWith("primary_conninfo"))
                  .map(line -> line + "\n")
                  .collect(java.util.stream.Collectors.joining())
              + "primary_conninfo = 'host=127.0.0.1 port="
              + primaryPort
              + " user="
              + USER
              + " application_name="
              + applicationName
              + "'\n";
      Files.writeString(auto, settings, StandardCharsets.UTF_8);
      for (Path file : List.of(signal, auto)) {
        tools.giveToServerUser(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make " + this + " a standby", e);
    }
  }

  private void requireTls(Path certificate, Path privateKey) {
    try {
      Path serverCertificate = directory.resolve("server.crt");
      Path serverKey = directory.resolve("server.key");
      Files.copy(certificate, serverCertificate);
      Files.copy(privateKey, serverKey);
      Files.setPosixFilePermissions(serverKey, PosixFilePermissions.fromString("rw-------"));
      Path hba = directory.resolve("pg_hba.conf");
      Files.writeString(
          hba,
          """
          # TLS or nothing over TCP; the local socket (pg_ctl) stays open.
          local     all all               trust
          hostssl   all all 127.0.0.1/32  trust
          hostnossl all all 127.0.0.1/32  reject
          """,
          StandardCharsets.UTF_8);
      for (Path file : List.of(serverCertificate, serverKey, hba)) {
        tools.giveToServerUser(file);
      }
      serverOptions =
          " -c ssl=on -c ssl_cert_file="
              + serverCertificate
              + " -c ssl_key_file="
              + serverKey
              + " -c hba_file="
              + hba;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot give the private PostgreSQL its certificate", e);
    }
  }

  public int port() {
    return port;
  }

  /** The JDBC URL of {@code database} on this cluster. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** Creates an empty database; returns its JDBC URL. */
  public String createDatabase(String name) {
    try (Connection admin = connect("postgres");
        var statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE \"" + name.replace("\"", "") + "\"");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    return jdbcUrl(name);
  }

  /** A plain connection to {@code database} as the superuser (the caller closes it). */
  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), USER, "");
  }

  /**
   * Runs the psql script {@code script} as the superuser against database {@code postgres}, as
   * {@code psql -v ON_ERROR_STOP=1 -f} would (it is psql: {@code \gexec} and {@code \connect}
   * work); e.g. deploy/postgres/create-databases.sql. Returns psql's output.
   */
  public String runScript(Path script) {
    try {
      // Copied first: the server's user may not be able to read the caller's file.
      Path copy = Files.createTempFile(directory, "script-", ".sql");
      Files.copy(script, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      tools.giveToServerUser(copy);
      try {
        return run(
            "psql",
            "-X",
            "-q",
            "-h",
            "127.0.0.1",
            "-p",
            Integer.toString(port),
            "-U",
            USER,
            "-d",
            "postgres",
            "-v",
            "ON_ERROR_STOP=1",
            "-f",
            copy.toString());
      } finally {
        Files.deleteIfExists(copy);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + script, e);
    }
  }

  /** The cluster's directory (data, log, socket). */
  Path directory() {
    return directory;
  }

  /** The last {@code lines} lines of the server's log, for failure messages. */
  String logTail(int lines) {
    try {
      List<String> all =
          Files.readAllLines(directory.resolve("server.log"), StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | RuntimeException e) {
      return "(no server log: " + e.getMessage() + ")";
    }
  }

  /** The cluster's data directory. */
  Path data() {
    return data;
  }

  /** Whether the server is running now (its postmaster is alive). */
  public boolean isRunning() {
    return postmaster().map(ProcessHandle::isAlive).orElse(false);
  }

  private Optional<ProcessHandle> postmaster() {
    Path pidFile = data.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    try {
      long pid = Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.UTF_8).get(0).trim());
      return ProcessHandle.of(pid);
    } catch (IOException | RuntimeException e) {
      // Written or removed just now: not (yet) a running server.
      return Optional.empty();
    }
  }

  /** The process id of the server's postmaster. */
  public long pid() {
    return postmaster()
        .filter(ProcessHandle::isAlive)
        .map(ProcessHandle::pid)
        .orElseThrow(
            () -> new IllegalStateException("PostgreSQL on port " + port + " is not running"));
  }

  /**
   * Stops the server as a crash would: {@code pg_ctl stop -m immediate} makes the postmaster kill
   * every backend at once, so clients see their connections drop; the next start recovers.
   */
  public void stop() {
    if (isRunning()) {
      run("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
    }
  }

  /**
   * Kills the server as a crashed machine or the OOM killer would: {@code SIGKILL} to the
   * postmaster and then to every process it had started (backends, WAL writer and sender), by their
   * process ids; no shutdown of any kind runs, the kernel closes the connections. Returns once they
   * are gone. The next {@link #restart()} recovers from the WAL.
   */
  public void kill() {
    ProcessHandle postmaster = postmaster().filter(ProcessHandle::isAlive).orElse(null);
    if (postmaster == null) {
      return;
    }
    List<ProcessHandle> children = postmaster.children().toList();
    postmaster.destroyForcibly();
    for (ProcessHandle child : children) {
      child.destroyForcibly();
    }
    for (ProcessHandle process : concat(postmaster, children)) {
      process.onExit().join();
    }
  }

  private static List<ProcessHandle> concat(ProcessHandle first, List<ProcessHandle> rest) {
    var all = new java.util.ArrayList<ProcessHandle>(rest.size() + 1);
    all.add(first);
    all.addAll(rest);
    return all;
  }

  /** Starts the server (again) on its port with its data; waits until it accepts connections. */
  public void restart() {
    if (isRunning()) {
      return;
    }
    run(
        "pg_ctl",
        "-D",
        data.toString(),
        "-l",
        directory.resolve("server.log").toString(),
        "-w",
        "-t",
        "60",
        "-o",
        "-p "
            + port
            + " -k "
            + directory
            + " -c listen_addresses=127.0.0.1 -c fsync=off"
            + serverOptions,
        "start");
  }

  /** Stops the server and deletes the cluster's directory. */
  @Override
  public void close() {
    try {
      if (isRunning()) {
        run("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "stop");
      }
    } finally {
      delete();
    }
  }

  private void delete() {
    PostgresTools.delete(directory);
  }

  /** Runs one of the server programs on this cluster's directory; returns its output. */
  String run(String program, String... arguments) {
    return tools.run(directory, program, arguments);
  }

  @Override
  public String toString() {
    return "PrivatePostgres[127.0.0.1:" + port + ", " + directory + "]";
  }
}
