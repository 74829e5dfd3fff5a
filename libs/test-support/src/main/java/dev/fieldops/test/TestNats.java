package dev.fieldops.test;

import io.nats.NatsServerRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
 * Fault tests can also reserve a server without starting it ({@link #reserve()}, a service that
 * starts while the broker is away), {@link #kill()} it by its process id as a crash would, {@link
 * #freeze()} it (a hung broker) and {@link #deleteStore()} (a broker that lost its data).
 *
 * <p>The binary is {@code FIELDOPS_NATS_SERVER} when set, else {@code /usr/sbin/nats-server} when
 * present, else {@code nats-server} from the PATH.
 */
public final class TestNats implements AutoCloseable {

  /**
   * How often and how far apart a start checks that the server answers (at most 10 s in all): on a
   * loaded 2-core machine a connection can be refused for a while, as the server opens its
   * JetStream store before it listens. The check returns as soon as the server answers.
   */
  static final int CONNECT_TRIES = 100;

  static final long CONNECT_INTERVAL_MILLIS = 100;

  private final int port;
  private final Path storeDir;
  private final Path executable;
  private final List<String> extraArgs;
  private NatsServerRunner runner;

  private TestNats(int port, Path storeDir, Path executable, List<String> extraArgs) {
    this.port = port;
    this.storeDir = storeDir;
    this.executable = executable;
    this.extraArgs = List.copyOf(extraArgs);
  }

  /**
   * A server that is not running yet, on {@code port} with {@code storeDir}, started with {@code
   * extraArgs} besides the port, JetStream and the store: a node of a {@link NatsCluster}.
   */
  static TestNats reserve(int port, Path storeDir, List<String> extraArgs) {
    return new TestNats(port, storeDir, executable(), extraArgs);
  }

  /** Starts a new server on a free port with a fresh storage directory. */
  public static TestNats start() {
    var nats = reserve();
    nats.launch();
    return nats;
  }

  /**
   * A free port and a fresh storage directory for a server that is not running yet: clients may be
   * pointed at {@link #url()} before {@link #startServer()}.
   */
  public static TestNats reserve() {
    try {
      return new TestNats(
          FreePorts.one(), Files.createTempDirectory("fieldops-nats-"), executable(), List.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the server on its port with its storage; does nothing while it runs. */
  public void startServer() {
    if (runner == null) {
      launch();
    }
  }

  /** The nats-server binary, as the class comment says. */
  static Path executable() {
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
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "nats-server not found: install it (apt-get install nats-server) or set"
                        + " FIELDOPS_NATS_SERVER"));
  }

  private void launch() {
    List<String> args =
        new java.util.ArrayList<>(List.of("-a", "127.0.0.1", "-sd", storeDir.toString()));
    args.addAll(extraArgs);
    NatsServerRunner started;
    try {
      started =
          NatsServerRunner.builder()
              .port(port)
              .jetstream()
              .executablePath(executable)
              .customArgs(args)
              .outputLevel(Level.WARNING)
              .skipConnectValidate()
              .build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start nats-server " + executable, e);
    }
    awaitAnswer(started, port);
    runner = started;
  }

  /**
   * Waits until the server on {@code port} greets a new connection with its {@code INFO} line; a
   * server that does not answer within {@link #CONNECT_TRIES} tries is shut down and the start
   * fails. The runner's own check waits for a second line, which a server that was sent no {@code
   * PING} writes only with its first {@code PING} to the client, two seconds later: every start
   * took 2.3 s instead of a few milliseconds.
   */
  static void awaitAnswer(NatsServerRunner runner, int port) {
    try {
      awaitGreeting(port, CONNECT_TRIES, () -> {});
    } catch (IllegalStateException e) {
      try {
        runner.shutdown(false);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException(e.getMessage() + ": " + runner.getCmdLine(), e.getCause());
    }
  }

  /**
   * Returns once what listens on {@code port} greets a new connection with a NATS {@code INFO} line
   * (the connection is then closed); throws after {@code tries} tries {@value
   * #CONNECT_INTERVAL_MILLIS} ms apart. {@code stillStarting} runs before each try after the first
   * and throws to give up early (the server's process has exited).
   */
  static void awaitGreeting(int port, int tries, Runnable stillStarting) {
    IOException last = null;
    for (int attempt = 0; attempt < tries; attempt++) {
      if (attempt > 0) {
        stillStarting.run();
        try {
          Thread.sleep(CONNECT_INTERVAL_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
        socket.setSoTimeout(2_000);
        var greeting =
            new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        String line = greeting.readLine();
        if (line != null && line.startsWith("INFO ")) {
          return;
        }
        last = new IOException("greeted with " + line + ", not INFO");
      } catch (IOException e) {
        last = e;
      }
    }
    throw new IllegalStateException("nats-server on port " + port + " did not answer", last);
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

  /** The operating-system process id of the running server. */
  public long pid() {
    if (runner == null) {
      throw new IllegalStateException("nats-server on port " + port + " is not running");
    }
    String store = storeDir.toString();
    return ProcessHandle.current()
        .descendants()
        .filter(p -> p.info().commandLine().map(c -> c.contains(store)).orElse(false))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no nats-server process with store " + store))
        .pid();
  }

  /**
   * Kills the server with SIGKILL by its process id, as a crash of the broker would (nothing is
   * flushed, clients see the connection drop), and waits until the process is gone.
   */
  public void kill() {
    if (runner == null) {
      return;
    }
    long pid = pid();
    ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
    process.destroyForcibly();
    try {
      process.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
      runner.shutdown(false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing nats-server " + pid, e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("nats-server " + pid + " did not exit after SIGKILL", e);
    } finally {
      runner = null;
    }
  }

  /**
   * Freezes the server with SIGSTOP: its sockets stay open but it answers nothing, as a hung broker
   * or a paused VM does; {@link #thaw()} lets it go on.
   */
  public void freeze() {
    signal("-STOP");
  }

  /** Lets a {@link #freeze() frozen} server go on (SIGCONT). */
  public void thaw() {
    signal("-CONT");
  }

  private void signal(String signal) {
    long pid = pid();
    try {
      Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
      if (kill.waitFor() != 0) {
        throw new IllegalStateException("kill " + signal + " " + pid + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling nats-server " + pid, e);
    }
  }

  /**
   * Deletes everything the server stored (streams, consumers, messages), as a broker whose disk was
   * lost or replaced; only while it is not running.
   */
  public void deleteStore() {
    if (runner != null) {
      throw new IllegalStateException("stop or kill nats-server before deleting its store");
    }
    try (Stream<Path> files = Files.walk(storeDir)) {
      files
          .sorted(Comparator.reverseOrder())
          .filter(path -> !path.equals(storeDir))
          .forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
