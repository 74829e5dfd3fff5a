package dev.fieldops.system;

import dev.fieldops.certificates.IssuedCertificate;
import dev.fieldops.cli.FieldOpsCli;
import dev.fieldops.grpc.client.ClientTransport;
import dev.fieldops.grpc.client.GrpcChannels;
import dev.fieldops.invoicing.bootstrap.InvoicingMain;
import dev.fieldops.invoicing.bootstrap.InvoicingWiring;
import dev.fieldops.runtime.ServiceRuntime;
import dev.fieldops.support.bootstrap.CustomerSupportMain;
import dev.fieldops.support.bootstrap.CustomerSupportWiring;
import dev.fieldops.telemetry.bootstrap.TelemetryMain;
import dev.fieldops.telemetry.bootstrap.TelemetryWiring;
import dev.fieldops.test.FreePorts;
import dev.fieldops.test.SecuredTestNats;
import dev.fieldops.test.SecuredTestNats.Identity;
import dev.fieldops.test.TestCertificates;
import dev.fieldops.test.TestDatabase;
import dev.fieldops.test.TestEnvironment;
import dev.fieldops.test.TestNats;
import dev.fieldops.test.grpc.TestTokens;
import io.grpc.ManagedChannel;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * The three services as one system for a test class: each with its own fresh database, one private
 * nats-server, real gRPC on sockets, started the way {@code ./fieldops up} starts them: TLS with
 * certificates of a test CA ({@link #certificates()}), and mutual TLS from support to telemetry
 * (support's client certificate, no token, is its identity there).
 */
final class RunningSystem implements AutoCloseable {

  /** What one {@code ./fieldops demo} run printed and returned. */
  record DemoRun(int exit, String output, String errors) {}

  private final TestNats nats;
  private final SecuredTestNats securedNats;
  private final TestTokens tokens;
  private final Path certificateDir;
  private final TestCertificates certificates;
  private final Map<String, TestDatabase> databases = new HashMap<>();
  private final Map<String, ServiceRuntime> runtimes = new HashMap<>();

  private RunningSystem() {
    this(TestNats.start(), null);
  }

  private RunningSystem(SecuredTestNats securedNats) {
    // Only its port and directory: the services connect to securedNats.
    this(TestNats.reserve(), securedNats);
  }

  private RunningSystem(TestNats nats, SecuredTestNats securedNats) {
    this.nats = nats;
    this.securedNats = securedNats;
    this.tokens = TestTokens.create();
    try {
      this.certificateDir = Files.createTempDirectory("fieldops-system-tls");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.certificates = TestCertificates.createIn(certificateDir);
  }

  static RunningSystem start() throws Exception {
    return start(service -> Map.of(), () -> List.of());
  }

  /**
   * The three services as production runs them against NATS: the shipped {@code deploy/nats}
   * configuration, each service with its own NKey identity and {@code EVENTS_STREAM_MODE=verify},
   * the streams created beforehand by the operator with {@code ./fieldops stream <context> create}.
   */
  static RunningSystem startOnShippedNats() throws Exception {
    SecuredTestNats secured = SecuredTestNats.start();
    RunningSystem system;
    try {
      Map<String, String> operator = secured.clientEnvironment(Identity.OPERATOR);
      for (var command :
          List.of(
              dev.fieldops.support.bootstrap.StreamCommand.of(operator),
              dev.fieldops.telemetry.bootstrap.StreamCommand.of(operator),
              dev.fieldops.invoicing.bootstrap.StreamCommand.of(operator))) {
        var out = new java.io.StringWriter();
        int exit =
            command.execute(
                new String[] {"create"},
                new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(out, true));
        if (exit != 0) {
          throw new IllegalStateException("./fieldops stream ... create failed: " + out);
        }
      }
      system = new RunningSystem(secured);
    } catch (Exception | Error e) {
      secured.close();
      throw e;
    }
    Map<String, Identity> identities =
        Map.of(
            "support", Identity.SUPPORT,
            "telemetry", Identity.TELEMETRY,
            "invoicing", Identity.INVOICING);
    return start(
        system,
        service -> {
          Map<String, String> env =
              new HashMap<>(secured.clientEnvironment(identities.get(service)));
          env.put("EVENTS_STREAM_MODE", "verify");
          return env;
        },
        () -> List.of());
  }

  /** The system, each service's spans also handed to the processors {@code spans} makes. */
  static RunningSystem start(Supplier<List<SpanProcessor>> spans) throws Exception {
    return start(service -> Map.of(), spans);
  }

  /**
   * The three services, each serving {@code /metrics} on a port of its own ({@link #metricsPort}),
   * as {@code ./fieldops up} runs them, with their figures counted every second.
   */
  static RunningSystem startWithMetrics() throws Exception {
    return start(
        service ->
            Map.of(
                "METRICS_PORT", Integer.toString(FreePorts.one()),
                "METRICS_ADDRESS", "127.0.0.1",
                "FIGURES_INTERVAL", "1s"),
        () -> List.of());
  }

  /**
   * The three services, each with the variables {@code extraEnv} gives it over the defaults (a test
   * may point a service at a database of its own this way).
   */
  static RunningSystem start(
      Function<String, Map<String, String>> extraEnv, Supplier<List<SpanProcessor>> spans)
      throws Exception {
    return start(new RunningSystem(), extraEnv, spans);
  }

  private static RunningSystem start(
      RunningSystem system,
      Function<String, Map<String, String>> extraEnv,
      Supplier<List<SpanProcessor>> spans)
      throws Exception {
    try {
      system.runtimes.put(
          "telemetry",
          ServiceRuntime.start(
              TelemetryMain.DESCRIPTOR,
              system.env("telemetry", extraEnv.apply("telemetry")),
              new TelemetryWiring(),
              spans.get()));
      system.runtimes.put(
          "support",
          ServiceRuntime.start(
              CustomerSupportMain.DESCRIPTOR,
              system.env(
                  "support",
                  with(
                      extraEnv.apply("support"),
                      "TELEMETRY_ADDRESS",
                      "localhost:" + system.port("telemetry"))),
              new CustomerSupportWiring(),
              spans.get()));
      system.runtimes.put(
          "invoicing",
          ServiceRuntime.start(
              InvoicingMain.DESCRIPTOR,
              system.env("invoicing", extraEnv.apply("invoicing")),
              new InvoicingWiring(),
              spans.get()));
      return system;
    } catch (Exception | Error e) {
      system.close();
      throw e;
    }
  }

  private Map<String, String> env(String service, Map<String, String> extra) {
    TestDatabase database = TestDatabase.create();
    databases.put(service, database);
    Map<String, String> env = new HashMap<>(TestEnvironment.serviceEnv(database, nats, tokens));
    env.remove("GRPC_PLAINTEXT");
    env.remove("TELEMETRY_PLAINTEXT");
    IssuedCertificate server = certificates.server(service);
    env.put("GRPC_TLS_CERT_FILE", server.certificateFile().toString());
    env.put("GRPC_TLS_KEY_FILE", server.privateKeyFile().toString());
    if (service.equals("telemetry")) {
      env.put("GRPC_TLS_CLIENT_CA_FILE", certificates.caFile().toString());
    }
    if (service.equals("support")) {
      IssuedCertificate client = certificates.serviceClient("support");
      env.put("TELEMETRY_TLS_CA_FILE", certificates.caFile().toString());
      env.put("TELEMETRY_TLS_CERT_FILE", client.certificateFile().toString());
      env.put("TELEMETRY_TLS_KEY_FILE", client.privateKeyFile().toString());
    }
    env.putAll(extra);
    return env;
  }

  private static Map<String, String> with(Map<String, String> env, String name, String value) {
    var all = new HashMap<>(env);
    all.put(name, value);
    return all;
  }

  /** The CA every service's certificate is signed by. */
  TestCertificates certificates() {
    return certificates;
  }

  /** A TLS channel to {@code service}, trusting the system's CA. */
  ManagedChannel channel(String service) {
    return GrpcChannels.builder(
            "localhost:" + port(service), ClientTransport.trusting(certificates.caFile()))
        .build();
  }

  int port(String service) {
    return runtimes.get(service).port();
  }

  /** Where {@code service} serves {@code /metrics} (started with {@link #startWithMetrics}). */
  int metricsPort(String service) {
    return runtimes.get(service).observability().port().orElseThrow();
  }

  TestNats nats() {
    return nats;
  }

  /** The nats-server on the shipped configuration ({@link #startOnShippedNats}). */
  SecuredTestNats securedNats() {
    return securedNats;
  }

  /** Runs {@code ./fieldops demo} against the three services, capturing what it prints. */
  DemoRun demo() {
    var output = new ByteArrayOutputStream();
    var errors = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    int exit;
    try {
      System.setOut(new PrintStream(output, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
      exit =
          new CommandLine(new FieldOpsCli())
              .execute(
                  "demo",
                  "--support",
                  "127.0.0.1:" + port("support"),
                  "--telemetry",
                  "127.0.0.1:" + port("telemetry"),
                  "--invoicing",
                  "127.0.0.1:" + port("invoicing"),
                  "--key-dir",
                  tokens.keyDir().toString(),
                  "--ca-file",
                  certificates.caFile().toString(),
                  "--wait",
                  "60");
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
    return new DemoRun(
        exit, output.toString(StandardCharsets.UTF_8), errors.toString(StandardCharsets.UTF_8));
  }

  /** The single number {@code sql} returns in {@code service}'s database. */
  long query(String service, String sql) throws SQLException {
    try (var connection = databases.get(service).connect();
        var statement = connection.createStatement();
        var rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public void close() {
    for (String service : List.of("support", "invoicing", "telemetry")) {
      ServiceRuntime runtime = runtimes.get(service);
      if (runtime != null) {
        runtime.close();
      }
    }
    databases.values().forEach(TestDatabase::close);
    tokens.close();
    nats.close();
    if (securedNats != null) {
      securedNats.close();
    }
    deleteQuietly(certificateDir);
  }

  private static void deleteQuietly(Path directory) {
    try (var files = Files.walk(directory)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException e) {
      // A temporary directory: left for the OS to clean.
    }
  }
}
