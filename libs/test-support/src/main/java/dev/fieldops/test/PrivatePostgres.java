package dev.fieldops.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of a test's own, for fault tests that stop and start the database server
 * under load: never the machine's shared server. {@link #start()} runs {@code initdb} into a
 * temporary directory and starts the server on a free port of 127.0.0.1 (trust authentication,
 * superuser {@code postgres}, no password; nothing listens elsewhere); {@link #stop()} stops it the
 * way a crash does ({@code pg_ctl stop -m immediate}: every connection drops at once, the restart
 * recovers from the WAL), {@link #restart()} starts it again on the same port and data, and {@link
 * #close()} stops it and deletes the directory.
 *
 * <p>The binaries are those of {@code FIELDOPS_TEST_PG_BIN} (default {@code
 * /usr/lib/postgresql/15/bin}, Debian's {@code postgresql-15}). PostgreSQL refuses to run as root:
 * when the tests run as root, the commands run as the {@code postgres} operating-system user
 * ({@code runuser}), which then owns the directory.
 */
public final class PrivatePostgres implements AutoCloseable {

  /** The superuser of the cluster (trust authentication: no password). */
  public static final String USER = "postgres";

  private static final long COMMAND_TIMEOUT_SECONDS = 120;

  private final Path binaries;
  private final Path directory;
  private final Path data;
  private final int port;
  private final boolean asPostgresUser;
  private String serverOptions = "";

  private PrivatePostgres(Path binaries, Path directory, int port, boolean asPostgresUser) {
    this.binaries = binaries;
    this.directory = directory;
    this.data = directory.resolve("data");
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  /** Creates a cluster in a temporary directory and starts it on a free port. */
  public static PrivatePostgres start() {
    return create(null, null);
  }

  /**
   * Like {@link #start()}, with TLS on ({@code ssl=on}, {@code certificate} and {@code privateKey}
   * as the server's PEM files) and TLS required: {@code pg_hba.conf} lets TCP connections in only
   * over TLS ({@code hostssl}) and rejects every plaintext one ({@code hostnossl ... reject}). The
   * files are copied into the cluster's directory (the key readable by the server's user alone, as
   * PostgreSQL demands).
   */
  public static PrivatePostgres startWithTls(Path certificate, Path privateKey) {
    return create(certificate, privateKey);
  }

  private static PrivatePostgres create(Path certificate, Path privateKey) {
    Path binaries =
        Path.of(System.getenv().getOrDefault("FIELDOPS_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"));
    if (!Files.isExecutable(binaries.resolve("initdb"))) {
      throw new IllegalStateException(
          "no initdb in "
              + binaries
              + ": install postgresql-15 (apt-get install postgresql) or set FIELDOPS_TEST_PG_BIN");
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    Path directory;
    try {
      directory = Files.createTempDirectory("fieldops-pg-");
      if (root) {
        UserPrincipal postgres =
            directory.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER);
        Files.setOwner(directory, postgres);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare a directory for a private PostgreSQL", e);
    }
    var cluster = new PrivatePostgres(binaries, directory, freePort(), root);
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
          "--no-sync");
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
      if (asPostgresUser) {
        UserPrincipal postgres =
            directory.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER);
        for (Path file : List.of(serverCertificate, serverKey, hba)) {
          Files.setOwner(file, postgres);
        }
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

  /** The cluster's directory (data, log, socket). */
  Path directory() {
    return directory;
  }

  /** Whether the server is running now. */
  public boolean isRunning() {
    return Files.exists(data.resolve("postmaster.pid"));
  }

  /** The process id of the server's postmaster. */
  public long pid() {
    try {
      return Long.parseLong(
          Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.UTF_8).get(0).trim());
    } catch (IOException e) {
      throw new IllegalStateException("PostgreSQL on port " + port + " is not running", e);
    }
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
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void run(String program, String... arguments) {
    List<String> command = new ArrayList<>();
    if (asPostgresUser) {
      command.addAll(List.of("runuser", "-u", USER, "--"));
    }
    command.add(binaries.resolve(program).toString());
    command.addAll(List.of(arguments));
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .start();
      // pg_ctl start leaves the server running with our pipe unless its output is drained.
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(program + " did not finish: " + command);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            program
                + " failed (exit "
                + process.exitValue()
                + "): "
                + new String(output, StandardCharsets.UTF_8).strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + program, e);
    }
  }

  private static int freePort() {
    try (var socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "PrivatePostgres[127.0.0.1:" + port + ", " + directory + "]";
  }
}
