package dev.fieldops.system.faults;

import dev.fieldops.system.ClusterScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole system as {@code ./fieldops up --cluster --embedded-postgres --plaintext} starts it, in
 * a state directory and on ports of its own: a 3-node NATS JetStream cluster, 2 replicas of each
 * service as separate processes, HAProxy in front of each service. The fault tests kill and restart
 * its processes by the PIDs the script wrote to {@code run/}; a process is restarted with the
 * command line and environment it ran with (read from {@code /proc}), so there is one way of
 * starting them: the script's.
 */
final class SystemCluster implements AutoCloseable {

  static final List<String> SERVICES = List.of("customer-support", "telemetry", "invoicing");
  private final ClusterScript script;
  private final Path state;
  private final Map<String, List<String>> commands = new HashMap<>();
  private final Map<String, Map<String, String>> environments = new HashMap<>();

  private SystemCluster(ClusterScript script) {
    this.script = script;
    this.state = script.state();
  }

  /** Starts the system; throws with the script's output and the logs when it does not start. */
  static SystemCluster start() throws Exception {
    SystemCluster cluster = new SystemCluster(ClusterScript.prepare("fieldops-faults"));
    String output =
        cluster
            .script
            .run(
                Duration.ofMinutes(8),
                "up",
                "--cluster",
                "--background",
                "--embedded-postgres",
                "--plaintext")
            .output();
    if (!output.contains("FieldOps is running as a cluster")) {
      String logs = cluster.logs();
      cluster.close();
      throw new IllegalStateException("./fieldops up --cluster failed:\n" + output + logs);
    }
    return cluster;
  }

  /** The HAProxy front of service {@code index} (0 support, 1 telemetry, 2 invoicing). */
  int front(int index) {
    return script.ports().service(index);
  }

  Path devKeys() {
    return state.resolve("dev-keys");
  }

  /** The NATS URL the services use (every node of the cluster). */
  String natsUrl() throws IOException {
    return serviceEnvironment("telemetry").get("NATS_URL");
  }

  /** A connection to a service's database as its application role. */
  Connection database(String service) throws IOException, SQLException {
    Map<String, String> env = serviceEnvironment(service);
    return DriverManager.getConnection(
        env.get("DATABASE_URL"), env.get("DATABASE_USER"), env.get("DATABASE_PASSWORD"));
  }

  /** The settings the script wrote for {@code service} ({@code run/<service>.env}). */
  private Map<String, String> serviceEnvironment(String service) throws IOException {
    Map<String, String> env = new HashMap<>();
    for (String line : Files.readAllLines(state.resolve("run/" + service + ".env"))) {
      for (String assignment : line.replaceFirst("^export ", "").split(" ")) {
        int equals = assignment.indexOf('=');
        if (equals > 0) {
          // Written by bash's printf %q: a backslash quotes the character after it.
          env.put(
              assignment.substring(0, equals),
              assignment.substring(equals + 1).replaceAll("\\\\(.)", "$1"));
        }
      }
    }
    return env;
  }

  long pid(String process) throws IOException {
    return script.pid(process);
  }

  /**
   * Kills {@code process} (e.g. {@code telemetry-1}, {@code nats-2}) with SIGKILL and waits until
   * it is gone; remembers how it ran so that {@link #restart} can start it again.
   */
  void kill(String process) throws Exception {
    long pid = pid(process);
    commands.put(process, commandLine(pid));
    environments.put(process, environment(pid));
    signal("KILL", pid);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (running(pid) && System.nanoTime() < end) {
      Thread.sleep(50); // polling the process table
    }
    if (running(pid)) {
      throw new IllegalStateException(process + " (" + pid + ") still runs after SIGKILL");
    }
  }

  /** Starts a process {@link #kill} ended again, with its command and environment. */
  void restart(String process) throws IOException {
    var builder =
        new ProcessBuilder(commands.get(process))
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(
                    state.resolve("logs/" + process + ".log").toFile()));
    builder.environment().clear();
    builder.environment().putAll(environments.get(process));
    Process started = builder.start();
    Files.writeString(state.resolve("run/" + process + ".pid"), started.pid() + "\n");
  }

  void signal(String signal, long pid) throws Exception {
    new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor();
  }

  private static List<String> commandLine(long pid) throws IOException {
    String raw = Files.readString(Path.of("/proc/" + pid + "/cmdline"), StandardCharsets.UTF_8);
    return Arrays.asList(raw.split("\0"));
  }

  private static Map<String, String> environment(long pid) throws IOException {
    String raw = Files.readString(Path.of("/proc/" + pid + "/environ"), StandardCharsets.UTF_8);
    Map<String, String> env = new HashMap<>();
    for (String entry : raw.split("\0")) {
      int equals = entry.indexOf('=');
      if (equals > 0) {
        env.put(entry.substring(0, equals), entry.substring(equals + 1));
      }
    }
    return env;
  }

  /** Whether the process runs (a zombie, ended but not yet reaped, does not). */
  static boolean running(long pid) {
    return ClusterScript.running(pid);
  }

  /** The end of every process's log, for a failure message. */
  String logs() {
    return script.logs();
  }

  @Override
  public void close() throws Exception {
    script.close();
  }
}
