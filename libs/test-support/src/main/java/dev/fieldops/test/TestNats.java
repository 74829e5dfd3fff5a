package dev.fieldops.test;

import io.nats.NatsServerRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;

/**
 * A private nats-server with JetStream for one test class: its own free port and its own storage
 * directory, so tests can stop and restart it (to simulate an outage) without touching the
 * machine's shared server. {@link #restart()} keeps port and storage, as a real restart would.
 *
 * <p>The binary is {@code FIELDOPS_NATS_SERVER} when set, else {@code /usr/sbin/nats-server} when
 * present, else {@code nats-server} from the PATH.
 */
public final class TestNats implements AutoCloseable {

  private final int port;
  private final Path storeDir;
  private final Path executable;
  private NatsServerRunner runner;

  private TestNats(int port, Path storeDir, Path executable) {
    this.port = port;
    this.storeDir = storeDir;
    this.executable = executable;
  }

  /** Starts a new server on a free port with a fresh storage directory. */
  public static TestNats start() {
    try {
      var nats = new TestNats(freePort(), Files.createTempDirectory("fieldops-nats-"), executable());
      nats.launch();
      return nats;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path executable() {
    String configured = System.getenv("FIELDOPS_NATS_SERVER");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    Path debian = Path.of("/usr/sbin/nats-server");
    if (Files.isExecutable(debian)) {
      return debian;
    }
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .map(dir -> Path.of(dir, "nats-server"))
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(
            "nats-server not found: install it (apt-get install nats-server) or set FIELDOPS_NATS_SERVER"));
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private void launch() {
    try {
      runner = NatsServerRunner.builder()
          .port(port)
          .jetstream()
          .executablePath(executable)
          .customArgs(List.of("-a", "127.0.0.1", "-sd", storeDir.toString()))
          .outputLevel(Level.WARNING)
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start nats-server " + executable, e);
    }
  }

  /** The client URL, {@code nats://127.0.0.1:<port>}. */
  public String url() {
    return "nats://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Whether the server process is currently running. */
  public boolean isRunning() {
    return runner != null;
  }

  /** Stops the server (an outage); streams stay on disk for {@link #restart()}. */
  public void stop() {
    if (runner == null) {
      return;
    }
    try {
      runner.shutdown(true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping nats-server", e);
    } finally {
      runner = null;
    }
  }

  /** Starts the server again on the same port with the same storage. */
  public void restart() {
    stop();
    launch();
  }

  @Override
  public void close() {
    stop();
    try (Stream<Path> files = Files.walk(storeDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
