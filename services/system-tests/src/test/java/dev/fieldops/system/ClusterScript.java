package dev.fieldops.system;

import dev.fieldops.test.FreePorts;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The {@code ./fieldops} script run by a test in a state directory and on a block of ports of its
 * own ({@code FIELDOPS_STATE_DIR}, {@code FIELDOPS_*_PORT}), with nothing of the caller's NATS,
 * database or endpoints. The script runs from the modules the test runs from: their classpath is
 * handed to it as its build cache, so it builds nothing. Closing runs {@code ./fieldops down} when
 * an {@code up} is still registered and deletes the state directory.
 */
public final class ClusterScript implements AutoCloseable {

  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
  private static final List<String> RUN_MODULES =
      List.of(
          "tools/jooq-codegen",
          "tools/cli",
          "services/customer-support",
          "services/telemetry",
          "services/invoicing");
  private static final List<String> INHERITED =
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
          "FIELDOPS_BIND_ADDRESS",
          "FIELDOPS_SERVICE_JAVA_OPTIONS");

  /** The ports of one run: every service's, its replicas' (+100, +200), NATS's and HAProxy's. */
  public record Ports(int base) {
    public int service(int index) {
      return base + index;
    }

    public int metrics(int index) {
      return base + 10 + index;
    }

    public int replica(int index, int replica) {
      return service(index) + 100 * replica;
    }

    public int replicaMetrics(int index, int replica) {
      return metrics(index) + 100 * replica;
    }

    public int natsCluster() {
      return base + 30;
    }

    public int haproxyStats() {
      return base + 60;
    }

    public int embeddedPostgres() {
      return base + 61;
    }

    List<Integer> all() {
      List<Integer> all = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        all.add(service(i));
        all.add(metrics(i));
        for (int r = 1; r <= 2; r++) {
          all.add(replica(i, r));
          all.add(replicaMetrics(i, r));
        }
      }
      for (int n = 0; n < 3; n++) {
        all.add(natsCluster() + n);
        all.add(natsCluster() + 10 + n);
        all.add(natsCluster() + 20 + n);
      }
      all.add(haproxyStats());
      all.add(embeddedPostgres());
      return all;
    }
  }

  /** What one {@code ./fieldops} command printed and returned. */
  public record Run(String command, int exit, String output) {}

  private final Path state;
  private final Ports ports;
  private final Map<String, String> environment = new HashMap<>();
  private boolean up;

  private ClusterScript(Path state, Ports ports) {
    this.state = state;
    this.ports = ports;
  }

  /** A fresh state directory (named after {@code prefix}) with the build cache, on free ports. */
  public static ClusterScript prepare(String prefix) throws IOException {
    Path state = Files.createTempDirectory(prefix);
    Path cache = Files.createDirectories(state.resolve("classpath"));
    String classpath = runtimeClasspath();
    for (String module : RUN_MODULES) {
      Files.writeString(cache.resolve(module.replace('/', '_') + ".txt"), classpath);
    }
    return new ClusterScript(state, freePorts());
  }

  public Path state() {
    return state;
  }

  public Ports ports() {
    return ports;
  }

  /**
   * Hands {@code variable} to every later {@code ./fieldops} command of this run, e.g. {@code
   * DATABASE_URL} for a PostgreSQL of the test's own (the caller's own settings are never passed).
   */
  public ClusterScript withEnvironment(String variable, String value) {
    environment.put(variable, value);
    return this;
  }

  /** Runs {@code ./fieldops args...}, stopped (exit -1) when it outlasts {@code bound}. */
  public Run run(Duration bound, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("fieldops").toString()));
    command.addAll(List.of(args));
    Path output = Files.createTempFile(state, "fieldops-", ".out");
    var builder =
        new ProcessBuilder(command)
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    Map<String, String> env = builder.environment();
    INHERITED.forEach(env::remove);
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("FIELDOPS_STATE_DIR", state.toString());
    // The state folder is new for every run: an AOT cache would be trained by every service and
    // written at every stop (about 110 MB per JVM), time the run's tests do not measure
    // (./fieldops bench startup does).
    env.put("FIELDOPS_AOT_CACHE", "off");
    String[] prefixes = {"SUPPORT", "TELEMETRY", "INVOICING"};
    for (int i = 0; i < 3; i++) {
      env.put("FIELDOPS_" + prefixes[i] + "_PORT", Integer.toString(ports.service(i)));
      env.put("FIELDOPS_" + prefixes[i] + "_METRICS_PORT", Integer.toString(ports.metrics(i)));
    }
    env.put("FIELDOPS_NATS_CLUSTER_PORT", Integer.toString(ports.natsCluster()));
    env.put("FIELDOPS_HAPROXY_STATS_PORT", Integer.toString(ports.haproxyStats()));
    env.put("FIELDOPS_EMBEDDED_PG_PORT", Integer.toString(ports.embeddedPostgres()));
    env.putAll(environment);
    String name = String.join(" ", args);
    if (args.length > 0 && args[0].equals("up")) {
      up = true;
    }
    Process process = builder.start();
    if (!process.waitFor(bound.toSeconds(), TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
      return new Run(name + " (stopped after " + bound + ")", -1, Files.readString(output));
    }
    if (args.length > 0 && args[0].equals("down") && process.exitValue() == 0) {
      up = false;
    }
    return new Run(name, process.exitValue(), Files.readString(output));
  }

  /** A run's command, exit and output with the end of every log, for a failure message. */
  public String describe(Run run) {
    return "./fieldops "
        + run.command()
        + " exited "
        + run.exit()
        + ":\n"
        + run.output()
        + logs(run.output());
  }

  /** The PID the script recorded for {@code process} ({@code telemetry-1}, {@code nats-2}, ...). */
  public long pid(String process) throws IOException {
    return Long.parseLong(Files.readString(state.resolve("run/" + process + ".pid")).trim());
  }

  /** Whether the process runs (a zombie, ended but not yet reaped, does not). */
  public static boolean running(long pid) {
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
  public String logs() {
    return logs("");
  }

  /**
   * The end of every process's log, for a failure message; the logs {@code output} (the script's)
   * points at ({@code see .fieldops/logs/NAME.log}: a process that stopped) come first and longer,
   * so that the one that explains the failure is not cut off by the others.
   */
  public String logs(String output) {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> logs = Files.list(state.resolve("logs"))) {
      List<Path> all = logs.sorted().toList();
      List<Path> named =
          all.stream()
              .filter(log -> output.contains(".fieldops/logs/" + log.getFileName()))
              .toList();
      for (Path log : named) {
        appendTail(text, log, 80);
      }
      for (Path log : all) {
        if (!named.contains(log)) {
          appendTail(text, log, 15);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      text.append("\n(no logs: ").append(e.getMessage()).append(')');
    }
    return text.toString();
  }

  private static void appendTail(StringBuilder text, Path log, int count) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    text.append("\n--- ").append(log.getFileName()).append(" (last lines)\n");
    lines
        .subList(Math.max(0, lines.size() - count), lines.size())
        .forEach(line -> text.append(line).append('\n'));
  }

  @Override
  public void close() throws Exception {
    if (up) {
      run(Duration.ofMinutes(2), "down");
    }
    try (Stream<Path> files = Files.walk(state)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    }
  }

  /**
   * The classpath the test runs with, without the test code and the test fixtures' logging setup:
   * every module the script runs is on it.
   */
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
    if (kept.stream().noneMatch(entry -> entry.contains("jooq-codegen"))) {
      throw new IllegalStateException("the test's classpath lacks the modules: " + classpath);
    }
    return String.join(File.pathSeparator, kept);
  }

  // A run's ports lie within 300 of its base.
  /**
   * Every run takes a block of 300 ports below the kernel's ephemeral range ({@link FreePorts}): a
   * port inside it can be taken as the local port of any outgoing connection on the machine in the
   * seconds before the service binds it (seen in CI: invoicing could not bind 38402 while other
   * test runs connected).
   */
  private static final int BLOCK = 300;

  private static Ports freePorts() {
    return new Ports(FreePorts.block(BLOCK));
  }
}
