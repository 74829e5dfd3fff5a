package dev.fieldops.system.faults;

import dev.fieldops.system.ClusterScript;
import dev.fieldops.test.ReplicatedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole system as {@code ./fieldops up --cluster} starts it, in a state directory and on ports
 * of its own: a 3-node NATS JetStream cluster, 2 replicas of each service as separate processes,
 * HAProxy in front of each service, and the services' databases on a PostgreSQL primary with a
 * synchronous standby of the test's own ({@link ReplicatedPostgres}), handed to the script as a
 * multi-host {@code DATABASE_URL} ({@code targetServerType=primary}), so that the services find a
 * promoted standby by themselves. The fault tests kill and restart its processes by the PIDs the
 * script wrote to {@code run/}; a process is restarted with the command line and environment it ran
 * with (read from {@code /proc}), so there is one way of starting them: the script's.
 */
final class SystemCluster implements AutoCloseable {

  static final List<String> SERVICES = List.of("customer-support", "telemetry", "invoicing");
  private final ClusterScript script;
  private final ReplicatedPostgres postgres;
  private final boolean plaintext;
  private final Path state;
  private final Map<String, List<String>> commands = new HashMap<>();
  private final Map<String, Map<String, String>> environments = new HashMap<>();

  private SystemCluster(ClusterScript script, ReplicatedPostgres postgres, boolean plaintext) {
    this.script = script;
    this.postgres = postgres;
    this.plaintext = plaintext;
    this.state = script.state();
  }

  /**
   * Starts the system on {@code postgres} (its superuser creates the contexts' roles and databases,
   * as {@code ./fieldops up} does on any server it is given), over TLS with the run's development
   * CA unless {@code plaintext}; throws with the script's output and the logs when it does not
   * start.
   */
  static SystemCluster start(ReplicatedPostgres postgres, boolean plaintext) throws Exception {
    ClusterScript script =
        ClusterScript.prepare("fieldops-faults")
            .withEnvironment("DATABASE_URL", postgres.jdbcUrl("postgres"))
            .withEnvironment("DATABASE_USER", ReplicatedPostgres.USER)
            // Six service processes connect and migrate at once on a machine this suite shares:
            // a first connection (two hosts tried) can outlast pgjdbc's 5 s default there.
            .withEnvironment("DATABASE_CONNECT_TIMEOUT", "15s")
            // Six JVMs starting at once on a busy 2-core machine took over 5 minutes.
            .withEnvironment("FIELDOPS_READY_WAIT", "900s");
    SystemCluster cluster = new SystemCluster(script, postgres, plaintext);
    List<String> command = new ArrayList<>(List.of("up", "--cluster", "--background"));
    if (plaintext) {
      command.add("--plaintext");
    }
    String output =
        cluster.script.run(Duration.ofMinutes(18), command.toArray(String[]::new)).output();
    if (!output.contains("FieldOps is running as a cluster")) {
      String logs = cluster.script.logs(output);
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

  /** Whether the services and HAProxy speak plaintext (h2c) rather than TLS. */
  boolean plaintext() {
    return plaintext;
  }

  /** The run's development CA (HAProxy's certificate is one of it). */
  Path certificateAuthority() {
    return state.resolve("tls/ca.pem");
  }

  /** The PostgreSQL pair under the services' databases. */
  ReplicatedPostgres postgres() {
    return postgres;
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

  /**
   * What each NATS node's monitoring endpoint says of JetStream ({@code /healthz?js-enabled-only},
   * then {@code /jsz}'s meta group), for a failure message; a node that does not answer says so.
   */
  String natsHealth() {
    StringBuilder text = new StringBuilder();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    for (int node = 0; node < 3; node++) {
      int port = script.ports().natsCluster() + 20 + node;
      text.append("\n--- nats-").append(node + 1).append(" (monitoring :").append(port).append(")");
      for (String path : List.of("/healthz?js-enabled-only=true", "/jsz")) {
        try {
          HttpResponse<String> response =
              http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          String body = response.body().replaceAll("\\s+", " ");
          text.append("\n")
              .append(path)
              .append(" ")
              .append(response.statusCode())
              .append(": ")
              .append(body, 0, Math.min(body.length(), 1500));
        } catch (IOException e) {
          text.append("\n").append(path).append(": no answer (").append(e).append(')');
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return text.append("\n(interrupted)").toString();
        }
      }
    }
    return text.toString();
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
