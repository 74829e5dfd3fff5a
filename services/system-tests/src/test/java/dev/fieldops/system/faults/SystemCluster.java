package dev.fieldops.system.faults;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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
  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
  private static final List<String> RUN_MODULES =
      List.of(
          "tools/jooq-codegen",
          "tools/cli",
          "services/customer-support",
          "services/telemetry",
          "services/invoicing");

  private final Path state;
  private final int base;
  private final Map<String, List<String>> commands = new HashMap<>();
  private final Map<String, Map<String, String>> environments = new HashMap<>();
  private boolean up;

  private SystemCluster(Path state, int base) {
    this.state = state;
    this.base = base;
  }

  /** Starts the system; throws with the script's output and the logs when it does not start. */
  static SystemCluster start() throws Exception {
    Path state = Files.createTempDirectory("fieldops-faults");
    SystemCluster cluster = new SystemCluster(state, freeBase());
    Path cache = Files.createDirectories(state.resolve("classpath"));
    String classpath = runtimeClasspath();
    for (String module : RUN_MODULES) {
      Files.writeString(cache.resolve(module.replace('/', '_') + ".txt"), classpath);
    }
    cluster.up = true;
    String output =
        cluster.fieldops(
            Duration.ofMinutes(8),
            "up",
            "--cluster",
            "--background",
            "--embedded-postgres",
            "--plaintext");
    if (!output.contains("FieldOps is running as a cluster")) {
      String logs = cluster.logs();
      cluster.close();
      throw new IllegalStateException("./fieldops up --cluster failed:\n" + output + logs);
    }
    return cluster;
  }

  /** The HAProxy front of service {@code index} (0 support, 1 telemetry, 2 invoicing). */
  int front(int index) {
    return base + index;
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
    return Long.parseLong(Files.readString(state.resolve("run/" + process + ".pid")).trim());
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
    if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException gone) {
      return false;
    }
  }

  /** The end of every process's log, for a failure message. */
  String logs() {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> logs = Files.list(state.resolve("logs"))) {
      for (Path log : logs.sorted().toList()) {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        text.append("\n--- ").append(log.getFileName()).append(" (last lines)\n");
        lines
            .subList(Math.max(0, lines.size() - 15), lines.size())
            .forEach(line -> text.append(line).append('\n'));
      }
    } catch (Exception e) {
      text.append("\n(no logs: ").append(e.getMessage()).append(')');
    }
    return text.toString();
  }

  @Override
  public void close() throws Exception {
    if (up) {
      fieldops(Duration.ofMinutes(2), "down");
      up = false;
    }
    try (Stream<Path> files = Files.walk(state)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    }
  }

  private String fieldops(Duration bound, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("fieldops").toString()));
    command.addAll(List.of(args));
    Path output = Files.createTempFile(state, "fieldops-", ".out");
    var builder =
        new ProcessBuilder(command)
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    Map<String, String> env = builder.environment();
    for (String inherited :
        List.of(
            "NATS_URL",
            "DATABASE_URL",
            "DATABASE_USER",
            "DATABASE_PASSWORD",
            "SUPPORT_ADDRESS",
            "TELEMETRY_ADDRESS",
            "INVOICING_ADDRESS",
            "AUTH_DEV_KEY_DIR",
            "FIELDOPS_TLS_CA_FILE",
            "FIELDOPS_PLAINTEXT",
            "FIELDOPS_POSTGRES",
            "FIELDOPS_BIND_ADDRESS")) {
      env.remove(inherited);
    }
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("FIELDOPS_STATE_DIR", state.toString());
    String[] prefixes = {"SUPPORT", "TELEMETRY", "INVOICING"};
    for (int i = 0; i < 3; i++) {
      env.put("FIELDOPS_" + prefixes[i] + "_PORT", Integer.toString(base + i));
      env.put("FIELDOPS_" + prefixes[i] + "_METRICS_PORT", Integer.toString(base + 10 + i));
    }
    env.put("FIELDOPS_NATS_CLUSTER_PORT", Integer.toString(base + 30));
    env.put("FIELDOPS_HAPROXY_STATS_PORT", Integer.toString(base + 60));
    env.put("FIELDOPS_EMBEDDED_PG_PORT", Integer.toString(base + 61));
    Process process = builder.start();
    if (!process.waitFor(bound.toSeconds(), TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
      return "(stopped after " + bound + ")\n" + Files.readString(output);
    }
    return Files.readString(output);
  }

  private static List<Integer> ports(int base) {
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      for (int replica = 0; replica <= 2; replica++) {
        all.add(base + i + 100 * replica);
        all.add(base + 10 + i + 100 * replica);
      }
      all.add(base + 30 + i);
      all.add(base + 40 + i);
      all.add(base + 50 + i);
    }
    all.add(base + 60);
    all.add(base + 61);
    return all;
  }

  private static int freeBase() throws IOException {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    for (int attempt = 0; attempt < 50; attempt++) {
      int candidate = 30000 + 300 * ThreadLocalRandom.current().nextInt(100);
      boolean free = true;
      for (int port : ports(candidate)) {
        try (var socket = new ServerSocket(port, 1, loopback)) {
          socket.setReuseAddress(true);
        } catch (IOException taken) {
          free = false;
          break;
        }
      }
      if (free) {
        return candidate;
      }
    }
    throw new IOException("no free block of ports found");
  }

  private static String runtimeClasspath() {
    String classpath = System.getProperty("surefire.test.class.path");
    if (classpath == null || classpath.isBlank()) {
      classpath = System.getProperty("java.class.path");
    }
    List<String> kept = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      if (entry.isBlank()
          || entry.contains("system-tests")
          || entry.contains("test-support")
          || !Files.exists(Path.of(entry))) {
        continue;
      }
      kept.add(entry);
    }
    return String.join(File.pathSeparator, kept);
  }
}
