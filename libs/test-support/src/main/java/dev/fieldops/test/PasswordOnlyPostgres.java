package dev.fieldops.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of its own that accepts password logins only (scram-sha-256, over TCP and
 * the socket alike), the way Debian's {@code pg_createcluster} sets one up: for tests that prove
 * FieldOps works where {@code postgres} may not log in without a password.
 *
 * <p>{@link #start()} runs {@code initdb} and {@code pg_ctl start} of the installed server binaries
 * (as the {@code postgres} OS user when the tests run as root, which initdb refuses) on a free
 * loopback port, with data, log and socket in a temporary folder; {@link #close()} stops the server
 * by the PID in its {@code postmaster.pid} (fast shutdown) and deletes the folder. Nothing of the
 * machine's own PostgreSQL is touched. The binaries are those of {@code FIELDOPS_TEST_PG_BINDIR},
 * else of the newest {@code /usr/lib/postgresql/<version>/bin}.
 */
public final class PasswordOnlyPostgres implements AutoCloseable {

  /** The cluster's superuser. */
  public static final String SUPERUSER = "postgres";

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final Path DEBIAN_SERVERS = Path.of("/usr/lib/postgresql");

  private final Path directory;
  private final int port;
  private final String password;
  private final long pid;

  private PasswordOnlyPostgres(Path directory, int port, String password, long pid) {
    this.directory = directory;
    this.port = port;
    this.password = password;
    this.pid = pid;
  }

  /** The folder with initdb and pg_ctl, when the server binaries are installed. */
  public static Optional<Path> binaries() {
    String configured = System.getenv("FIELDOPS_TEST_PG_BINDIR");
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured))
          .filter(dir -> Files.isExecutable(dir.resolve("initdb")));
    }
    if (!Files.isDirectory(DEBIAN_SERVERS)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(DEBIAN_SERVERS)) {
      return versions
          .map(version -> version.resolve("bin"))
          .filter(
              bin ->
                  Files.isExecutable(bin.resolve("initdb"))
                      && Files.isExecutable(bin.resolve("pg_ctl")))
          .max(Comparator.comparing(bin -> versionOf(bin.getParent())));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static int versionOf(Path versionDir) {
    try {
      return Integer.parseInt(versionDir.getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Whether {@link #start()} can work here: server binaries, and a way not to run them as root. */
  public static boolean available() {
    return binaries().isPresent()
        && (!runningAsRoot() || Files.isExecutable(Path.of("/usr/sbin/runuser")));
  }

  /** Initialises and starts a fresh cluster; blocks until it accepts connections. */
  public static PasswordOnlyPostgres start() {
    Path bin =
        binaries()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no PostgreSQL server binaries (initdb, pg_ctl): apt-get install postgresql, or set FIELDOPS_TEST_PG_BINDIR"));
    String password = "pw-" + UUID.randomUUID();
    Path directory = null;
    try {
      directory = Files.createTempDirectory("fieldops-pg-");
      Path data = directory.resolve("data");
      Path passwordFile = directory.resolve("password");
      Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
      if (runningAsRoot()) {
        UserPrincipal postgres =
            directory
                .getFileSystem()
                .getUserPrincipalLookupService()
                .lookupPrincipalByName(SUPERUSER);
        Files.setOwner(directory, postgres);
        Files.setOwner(passwordFile, postgres);
      }
      run(
          directory,
          bin.resolve("initdb").toString(),
          "-D",
          data.toString(),
          "-U",
          SUPERUSER,
          "--pwfile=" + passwordFile,
          "--auth-host=scram-sha-256",
          "--auth-local=scram-sha-256",
          "--encoding=UTF8",
          "--no-sync");
      Files.delete(passwordFile);
      IOException lastFailure = null;
      for (int attempt = 0; attempt < 3; attempt++) {
        int port = FreePorts.one();
        try {
          run(
              directory,
              bin.resolve("pg_ctl").toString(),
              "-D",
              data.toString(),
              "-l",
              directory.resolve("server.log").toString(),
              "-w",
              "-t",
              "60",
              "-o",
              "-p " + port + " -k " + directory + " -c listen_addresses=127.0.0.1 -c fsync=off",
              "start");
          long pid =
              Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).getFirst().strip());
          return new PasswordOnlyPostgres(directory, port, password, pid);
        } catch (IOException e) {
          lastFailure = e; // most likely the port was taken meanwhile: try another
        }
      }
      throw lastFailure;
    } catch (IOException e) {
      deleteQuietly(directory);
      throw new UncheckedIOException("could not start a password-only PostgreSQL with " + bin, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      deleteQuietly(directory);
      throw new IllegalStateException("interrupted while starting PostgreSQL", e);
    }
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  /** The superuser's password; no login works without it. */
  public String password() {
    return password;
  }

  /** JDBC URL of the maintenance database. */
  public String adminJdbcUrl() {
    return "jdbc:postgresql://" + host() + ":" + port + "/postgres";
  }

  /** The variables that point {@link TestDatabase#create(Map)} at this cluster. */
  public Map<String, String> testVariables() {
    return Map.of(
        "FIELDOPS_TEST_PGHOST",
        host(),
        "FIELDOPS_TEST_PGPORT",
        Integer.toString(port),
        "FIELDOPS_TEST_PGUSER",
        SUPERUSER,
        "FIELDOPS_TEST_PGPASSWORD",
        password);
  }

  /** Stops the server (fast shutdown, by PID) and deletes its folder. */
  @Override
  public void close() {
    Optional<ProcessHandle> server = ProcessHandle.of(pid);
    try {
      if (server.isPresent()) {
        // SIGINT is PostgreSQL's fast shutdown: sessions are ended, nothing is waited for.
        new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
        try {
          server.get().onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          server.get().destroyForcibly();
        }
      }
    } catch (IOException | ExecutionException e) {
      server.ifPresent(ProcessHandle::destroyForcibly);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.ifPresent(ProcessHandle::destroyForcibly);
    } finally {
      deleteQuietly(directory);
    }
  }

  private static boolean runningAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Runs a server binary (as the postgres user when we are root); fails with its output. */
  private static void run(Path directory, String... command)
      throws IOException, InterruptedException {
    List<String> line = new ArrayList<>();
    if (runningAsRoot()) {
      line.addAll(List.of("/usr/sbin/runuser", "-u", SUPERUSER, "--"));
    }
    line.addAll(List.of(command));
    Path output = Files.createTempFile("fieldops-pg-command-", ".log");
    try {
      Process process =
          new ProcessBuilder(line)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(String.join(" ", line) + " did not finish within 120 s");
      }
      if (process.exitValue() != 0) {
        throw new IOException(
            String.join(" ", line)
                + " failed (exit "
                + process.exitValue()
                + "): "
                + Files.readString(output));
      }
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static void deleteQuietly(Path directory) {
    if (directory == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // a temporary folder: the system cleans it up eventually
    }
  }
}
