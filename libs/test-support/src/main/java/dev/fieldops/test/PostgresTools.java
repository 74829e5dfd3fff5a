package dev.fieldops.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The PostgreSQL server programs ({@code initdb}, {@code pg_ctl}, {@code pg_basebackup}, {@code
 * pg_rewind}, {@code psql}) as the test clusters run them: from {@code FIELDOPS_TEST_PG_BIN}
 * (default {@code /usr/lib/postgresql/15/bin}, Debian's {@code postgresql-15}) and, because
 * PostgreSQL refuses to run as root, as the {@code postgres} operating-system user ({@code
 * runuser}) when the tests run as root; that user then owns the clusters' directories.
 */
final class PostgresTools {

  /** The superuser of every test cluster and the operating-system user that runs it as root. */
  static final String USER = "postgres";

  private static final long COMMAND_TIMEOUT_SECONDS = 120;

  private final Path binaries;
  private final boolean asPostgresUser;

  private PostgresTools(Path binaries, boolean asPostgresUser) {
    this.binaries = binaries;
    this.asPostgresUser = asPostgresUser;
  }

  /** The installed programs; fails with what to install when there are none. */
  static PostgresTools locate() {
    Path binaries =
        Path.of(System.getenv().getOrDefault("FIELDOPS_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"));
    if (!Files.isExecutable(binaries.resolve("initdb"))) {
      throw new IllegalStateException(
          "no initdb in "
              + binaries
              + ": install postgresql-15 (apt-get install postgresql) or set FIELDOPS_TEST_PG_BIN");
    }
    return new PostgresTools(binaries, "root".equals(System.getProperty("user.name")));
  }

  /** Whether the commands run as the {@code postgres} user (the tests run as root). */
  boolean asPostgresUser() {
    return asPostgresUser;
  }

  /** A new temporary directory that the server's user owns. */
  Path createDirectory() {
    try {
      Path directory = Files.createTempDirectory("fieldops-pg-");
      giveToServerUser(directory);
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare a directory for a private PostgreSQL", e);
    }
  }

  /** Makes {@code file} the server user's when the commands run as that user. */
  void giveToServerUser(Path file) throws IOException {
    if (asPostgresUser) {
      UserPrincipal postgres =
          file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER);
      Files.setOwner(file, postgres);
    }
  }

  /**
   * Runs {@code program} of the binaries in {@code directory}; returns its output, or fails with it
   * when the program fails or does not finish in two minutes.
   */
  String run(Path directory, String program, String... arguments) {
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
      String text = new String(output, StandardCharsets.UTF_8).strip();
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            program + " failed (exit " + process.exitValue() + "): " + text);
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + program, e);
    }
  }

  static void delete(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
