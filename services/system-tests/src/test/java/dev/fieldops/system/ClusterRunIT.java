package dev.fieldops.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./fieldops up --cluster} as a user runs it, in a state directory and on ports of its own:
 * a 3-node NATS cluster, 2 replicas of each service, HAProxy in front of them. The demo passes
 * through HAProxy, every replica serves calls (outside callers balanced by HAProxy, support's
 * lookups at telemetry balanced by support itself), the demo passes again after one telemetry
 * replica is killed with SIGKILL, and {@code ./fieldops down} stops every process it started.
 *
 * <p>The script runs from the modules this test runs from: their classpaths are handed to it as its
 * build cache, so it builds nothing.
 */
class ClusterRunIT {

  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
  private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
  private static final List<String> RUN_MODULES =
      List.of(
          "tools/jooq-codegen",
          "tools/cli",
          "services/customer-support",
          "services/telemetry",
          "services/invoicing");
  private static final List<String> SERVICES =
      List.of("customer-support", "telemetry", "invoicing");
  private static final Pattern CALLS =
      Pattern.compile(
          "^grpc_server_call_duration_seconds_count\\{[^}]*grpc_method=\"(fieldops\\.[^\"]+)\"[^}]*\\}"
              + " ([0-9.E]+)$",
          Pattern.MULTILINE);

  private static Path state;
  private static Ports ports;
  private static boolean up;

  /** The ports of one run: every service's, its replicas' (+100, +200), NATS's and HAProxy's. */
  private record Ports(int base) {
    int service(int index) {
      return base + index;
    }

    int metrics(int index) {
      return base + 10 + index;
    }

    int replica(int index, int replica) {
      return service(index) + 100 * replica;
    }

    int replicaMetrics(int index, int replica) {
      return metrics(index) + 100 * replica;
    }

    int natsCluster() {
      return base + 30;
    }

    int haproxyStats() {
      return base + 60;
    }

    int embeddedPostgres() {
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

  @BeforeAll
  static void prepare() throws IOException {
    assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (apt-get install haproxy)");
    state = Files.createTempDirectory("fieldops-cluster-run");
    ports = freePorts();
    // The script's build cache: each module's runtime classpath, newer than every source.
    Path cache = Files.createDirectories(state.resolve("classpath"));
    String classpath = runtimeClasspath();
    for (String module : RUN_MODULES) {
      Files.writeString(cache.resolve(module.replace('/', '_') + ".txt"), classpath);
    }
  }

  @AfterAll
  static void stopEverything() throws Exception {
    if (state == null) {
      return;
    }
    if (up) {
      fieldops(Duration.ofMinutes(2), "down");
    }
    try (Stream<Path> files = Files.walk(state)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    }
  }

  @Test
  void the_demo_passes_through_haproxy_on_every_replica_and_after_a_replica_is_killed()
      throws Exception {
    Run start =
        fieldops(Duration.ofMinutes(8), "up", "--cluster", "--background", "--embedded-postgres");
    up = true;
    assertThat(start.exit()).as(start.describe()).isZero();
    assertThat(start.output()).contains("FieldOps is running as a cluster");

    // Twice: support's channel to telemetry connects to both replicas on its first lookup, so
    // from the second lookup on its round robin alternates between them.
    for (int run = 1; run <= 2; run++) {
      Run demo = fieldops(Duration.ofMinutes(4), "demo");
      assertThat(demo.exit()).as("demo %d: %s", run, demo.describe()).isZero();
      assertThat(demo.output()).contains("account standing: ACCOUNT_STANDING_GOOD_STANDING");
    }

    // Every replica served the demo's calls (HAProxy balances each call); both telemetry replicas
    // served support's device lookups (GetDevice, QueryReadings: support's own round robin), which
    // follow each alert ticket on their own.
    Map<String, Map<String, Double>> calls = new LinkedHashMap<>();
    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () -> {
                calls.clear();
                for (int i = 0; i < SERVICES.size(); i++) {
                  for (int r = 1; r <= 2; r++) {
                    calls.put(SERVICES.get(i) + "-" + r, callsServed(ports.replicaMetrics(i, r)));
                  }
                }
                return lookups(calls.get("telemetry-1")) + lookups(calls.get("telemetry-2")) >= 4;
              });
    } catch (ConditionTimeoutException fewerLookups) {
      // The assertions below say which replica missed what.
    }
    for (var replica : calls.entrySet()) {
      assertThat(replica.getValue().values().stream().mapToDouble(Double::doubleValue).sum())
          .as("calls served by %s: %s", replica.getKey(), calls)
          .isPositive();
    }
    for (String telemetry : List.of("telemetry-1", "telemetry-2")) {
      assertThat(lookups(calls.get(telemetry)))
          .as("support's lookups at %s: %s", telemetry, calls)
          .isPositive();
    }

    long killed = pid("telemetry-1");
    new ProcessBuilder("kill", "-KILL", Long.toString(killed)).start().waitFor();
    await().atMost(Duration.ofSeconds(30)).until(() -> !running(killed));

    Run again = fieldops(Duration.ofMinutes(4), "demo");
    assertThat(again.exit()).as(again.describe()).isZero();
    assertThat(again.output()).contains("account standing: ACCOUNT_STANDING_GOOD_STANDING");

    List<Long> started = new ArrayList<>();
    try (Stream<Path> pids = Files.list(state.resolve("run"))) {
      for (Path pidFile : pids.filter(f -> f.toString().endsWith(".pid")).toList()) {
        started.add(Long.parseLong(Files.readString(pidFile).trim()));
      }
    }
    // haproxy, 6 replicas, 3 NATS nodes, the embedded PostgreSQL
    assertThat(started).hasSize(11);
    Run down = fieldops(Duration.ofMinutes(2), "down");
    up = false;
    assertThat(down.exit()).as(down.describe()).isZero();
    for (long pid : started) {
      assertThat(running(pid)).as("process %d after ./fieldops down", pid).isFalse();
    }
  }

  /** What one {@code ./fieldops} command printed and returned. */
  private record Run(String command, int exit, String output) {
    String describe() {
      return "./fieldops " + command + " exited " + exit + ":\n" + output + logs();
    }
  }

  private static Run fieldops(Duration bound, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("fieldops").toString()));
    command.addAll(List.of(args));
    Path output = Files.createTempFile(state, "fieldops-", ".out");
    var builder =
        new ProcessBuilder(command)
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    Map<String, String> env = builder.environment();
    // Only this run's settings: nothing of the caller's NATS, database or endpoints.
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
    env.putAll(runEnvironment());
    Process process = builder.start();
    if (!process.waitFor(bound.toSeconds(), TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
      return new Run(
          String.join(" ", args) + " (stopped after " + bound + ")", -1, Files.readString(output));
    }
    return new Run(String.join(" ", args), process.exitValue(), Files.readString(output));
  }

  private static Map<String, String> runEnvironment() {
    Map<String, String> env = new HashMap<>();
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("FIELDOPS_STATE_DIR", state.toString());
    String[] prefixes = {"SUPPORT", "TELEMETRY", "INVOICING"};
    for (int i = 0; i < 3; i++) {
      env.put("FIELDOPS_" + prefixes[i] + "_PORT", Integer.toString(ports.service(i)));
      env.put("FIELDOPS_" + prefixes[i] + "_METRICS_PORT", Integer.toString(ports.metrics(i)));
    }
    env.put("FIELDOPS_NATS_CLUSTER_PORT", Integer.toString(ports.natsCluster()));
    env.put("FIELDOPS_HAPROXY_STATS_PORT", Integer.toString(ports.haproxyStats()));
    env.put("FIELDOPS_EMBEDDED_PG_PORT", Integer.toString(ports.embeddedPostgres()));
    return env;
  }

  /** Support's device lookups among the calls a telemetry replica served. */
  private static double lookups(Map<String, Double> served) {
    return served.getOrDefault("fieldops.telemetry.v1.TelemetryService/GetDevice", 0.0)
        + served.getOrDefault("fieldops.telemetry.v1.TelemetryService/QueryReadings", 0.0);
  }

  /** The calls a replica served, by method, from its Prometheus metrics. */
  private static Map<String, Double> callsServed(int metricsPort) throws Exception {
    var response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    Map<String, Double> calls = new HashMap<>();
    var matcher = CALLS.matcher(response.body());
    while (matcher.find()) {
      calls.merge(matcher.group(1), Double.parseDouble(matcher.group(2)), Double::sum);
    }
    return calls;
  }

  /** Whether the process runs (a zombie, ended but not yet reaped, does not). */
  private static boolean running(long pid) {
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

  private static long pid(String process) throws IOException {
    return Long.parseLong(Files.readString(state.resolve("run/" + process + ".pid")).trim());
  }

  /** The end of every process's log, for a failure message. */
  private static String logs() {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> logs = Files.list(state.resolve("logs"))) {
      for (Path log : logs.sorted().toList()) {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        text.append("\n--- ").append(log.getFileName()).append(" (last lines)\n");
        lines
            .subList(Math.max(0, lines.size() - 15), lines.size())
            .forEach(line -> text.append(line).append('\n'));
      }
    } catch (IOException | UncheckedIOException e) {
      text.append("\n(no logs: ").append(e.getMessage()).append(')');
    }
    return text.toString();
  }

  /**
   * The classpath this test runs with, without the test code and the test fixtures' logging setup:
   * every module the script runs is on it.
   */
  private static String runtimeClasspath() throws IOException {
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

  /** A block of ports from {@link Ports#base} on, all free now. */
  private static Ports freePorts() throws IOException {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    for (int attempt = 0; attempt < 50; attempt++) {
      Ports candidate = new Ports(20000 + 300 * ThreadLocalRandom.current().nextInt(100));
      boolean free = true;
      for (int port : candidate.all()) {
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
}
