package dev.fieldops.support.bench;

import static dev.fieldops.test.bench.Machine.loadAverage;
import static dev.fieldops.test.bench.Machine.median;

import dev.fieldops.kernel.Principal.Role;
import dev.fieldops.runtime.ServiceRuntime;
import dev.fieldops.support.bench.SupportBenchmark.Call;
import dev.fieldops.support.bench.SupportBenchmark.Result;
import dev.fieldops.support.bootstrap.CustomerSupportMain;
import dev.fieldops.support.bootstrap.CustomerSupportWiring;
import dev.fieldops.support.v1.CustomerSupportServiceGrpc;
import dev.fieldops.test.FreePorts;
import dev.fieldops.test.TestEnvironment;
import dev.fieldops.test.bench.Machine;
import dev.fieldops.test.bench.OtlpSink;
import dev.fieldops.test.grpc.TestTokens;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * What metrics and traces cost: CreateTicket (16 callers) and GetTicket (64 callers) against the
 * customer-support service started four ways in this one process, measured in interleaved rounds so
 * that whatever else the machine does hits every configuration alike.
 *
 * <ul>
 *   <li>{@code off}: {@code OTEL_SDK_DISABLED=true} (no spans, no gRPC metrics) and no {@code
 *       METRICS_PORT}. The platform's Micrometer meters (command timers, outbox, pool, JVM) are
 *       still recorded in memory: {@code Observability} has no switch for them, so the ratios are
 *       the cost of the OpenTelemetry SDK (spans and their export, gRPC's A66 metrics) and of a
 *       served, scraped {@code /metrics}, not of Micrometer's recording.
 *   <li>{@code traces 100%} and {@code traces 10%}: {@code METRICS_PORT} set (scraped every 15 s,
 *       Prometheus' interval in {@code deploy/observability}), {@code
 *       OTEL_TRACES_SAMPLER=parentbased_traceidratio} with {@code OTEL_TRACES_SAMPLER_ARG} 1.0 or
 *       0.1, and {@code OTEL_EXPORTER_OTLP_ENDPOINT} pointing at an OTLP/HTTP sink in this process
 *       that reads and discards each POST, so sampled spans are batched, encoded and sent as in
 *       production.
 *   <li>{@code traces 0%}: the same with {@code OTEL_TRACES_SAMPLER_ARG=0}: metrics, served and
 *       scraped, and the tracing machinery with nothing sampled (spans created but not recorded),
 *       to tell the cost of the sampled spans from the rest.
 * </ul>
 *
 * <p>Each configuration has its own database and nats-server; the four services share this JVM (and
 * so its JIT), and take turns: round r runs the configurations rotated by r. The figures are the
 * medians of the rounds; the ratios are instrumented / off.
 *
 * <p>Run: {@code MAVEN_OPTS=@deploy/jvm/service.flags ./mvnw -q -B -pl services/customer-support
 * test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.fieldops.support.bench.ObservabilityBenchmark} (after {@code install
 * -DskipTests}); {@code -Dbench.seconds=N} per measured phase (default 5), {@code -Dbench.rounds=N}
 * (default 3), {@code -Dbench.warmup=N} seconds of CreateTicket per configuration before measuring
 * (default 15, then half of it of GetTicket). For profiling one configuration: {@code
 * -Dbench.only=traces 100%} (comma-separated names; without {@code off} no ratios) and {@code
 * -Dbench.calls=get} (or {@code create}) to measure one call only.
 */
public final class ObservabilityBenchmark {

  private static final int CREATE_CALLERS = 16;
  private static final int GET_CALLERS = 64;
  private static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(15);

  private ObservabilityBenchmark() {}

  /** One way of starting the service, and what it measured. */
  private static final class Setup implements AutoCloseable {
    final String name;
    final TestEnvironment environment;
    final OtlpSink sink;
    final ServiceRuntime runtime;
    final ManagedChannel channel;
    final Call createTicket;
    final Call getTicket;
    final Integer metricsPort;
    final List<Double> creates = new ArrayList<>();
    final List<Double> gets = new ArrayList<>();
    final List<Double> createCpu = new ArrayList<>();
    final List<Double> getCpu = new ArrayList<>();
    final AtomicLong scrapes = new AtomicLong();
    final AtomicLong scrapeBytes = new AtomicLong();

    Setup(String name, Double sampling) throws Exception {
      this.name = name;
      this.environment = TestEnvironment.create().withoutAbuseLimits();
      if (sampling == null) {
        environment.with("OTEL_SDK_DISABLED", "true");
        this.sink = null;
        this.metricsPort = null;
      } else {
        this.sink = OtlpSink.start();
        this.metricsPort = FreePorts.one();
        environment
            .with("METRICS_PORT", Integer.toString(metricsPort))
            .with("OTEL_TRACES_SAMPLER", "parentbased_traceidratio")
            .with("OTEL_TRACES_SAMPLER_ARG", Double.toString(sampling))
            .with("OTEL_EXPORTER_OTLP_ENDPOINT", sink.endpoint());
      }
      this.runtime =
          ServiceRuntime.start(
              CustomerSupportMain.DESCRIPTOR,
              environment.env(),
              infra -> new CustomerSupportWiring().wire(infra));
      this.channel =
          ManagedChannelBuilder.forAddress("127.0.0.1", runtime.port()).usePlaintext().build();
      String token = environment.tokens().staff("agent-bench", Set.of(Role.SUPPORT_AGENT));
      var stub = TestTokens.withToken(CustomerSupportServiceGrpc.newBlockingStub(channel), token);
      var calls = new TicketCalls(stub);
      this.createTicket = calls::createTicket;
      this.getTicket = calls::getTicket;
      if (metricsPort != null) {
        Thread.ofVirtual().name("scraper-" + name).start(this::scrapeForever);
      }
    }

    /** Fetches {@code /metrics} every {@link #SCRAPE_INTERVAL}, as Prometheus would. */
    private void scrapeForever() {
      var client = HttpClient.newHttpClient();
      var request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
              .build();
      while (true) {
        try {
          Thread.sleep(SCRAPE_INTERVAL);
          scrapeBytes.addAndGet(
              client.send(request, HttpResponse.BodyHandlers.ofByteArray()).body().length);
          scrapes.incrementAndGet();
        } catch (InterruptedException e) {
          return;
        } catch (IOException e) {
          System.err.println(name + ": scrape failed: " + e);
        }
      }
    }

    /** The SDK's own span-processor figures from {@code /metrics} (spans processed, dropped). */
    String spanProcessorLines() {
      if (metricsPort == null) {
        return "";
      }
      try {
        var body =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        return body.lines()
            .filter(line -> !line.startsWith("#"))
            .filter(line -> line.contains("processedSpans") || line.contains("otel_sdk_"))
            .map(line -> "    " + line)
            .collect(Collectors.joining("\n"));
      } catch (IOException e) {
        return "    (scrape failed: " + e + ")";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "";
      }
    }

    @Override
    public void close() {
      channel.shutdownNow();
      try {
        runtime.close();
      } catch (Exception e) {
        System.err.println(name + ": close: " + e);
      }
      if (sink != null) {
        sink.close();
      }
      environment.close();
    }
  }

  public static void main(String[] args) throws Exception {
    var phase = Duration.ofSeconds(Integer.getInteger("bench.seconds", 5));
    int rounds = Integer.getInteger("bench.rounds", 3);
    var warmup = Duration.ofSeconds(Integer.getInteger("bench.warmup", 15));
    System.out.println("== customer-support: instrumentation cost ==");
    System.out.println("machine: " + Machine.describe());
    System.out.println(
        "off = OTEL_SDK_DISABLED=true, no METRICS_PORT (Micrometer's platform meters are still"
            + " recorded in memory: Observability has no switch for them);");
    System.out.println(
        "traces N% = METRICS_PORT (scraped every "
            + SCRAPE_INTERVAL.toSeconds()
            + " s) + OTEL_TRACES_SAMPLER=parentbased_traceidratio, ARG=N/100, OTLP/HTTP to an"
            + " in-process sink that discards what it gets");
    Set<String> only =
        Set.of(System.getProperty("bench.only", "off,traces 100%,traces 10%,traces 0%").split(","));
    String calls = System.getProperty("bench.calls", "create,get");
    boolean measureCreate = calls.contains("create");
    boolean measureGet = calls.contains("get");
    var configurations = new LinkedHashMap<String, Double>();
    configurations.put("off", null);
    configurations.put("traces 100%", 1.0);
    configurations.put("traces 10%", 0.1);
    configurations.put("traces 0%", 0.0);
    var setups = new LinkedHashMap<String, Setup>();
    try {
      for (var configuration : configurations.entrySet()) {
        if (only.contains(configuration.getKey())) {
          setups.put(
              configuration.getKey(), new Setup(configuration.getKey(), configuration.getValue()));
        }
      }
      List<Setup> order = List.copyOf(setups.values());

      System.out.println(
          "warming up ("
              + warmup.toSeconds()
              + " s CreateTicket + "
              + warmup.toSeconds() / 2
              + " s GetTicket per configuration) ...");
      for (Setup setup : order) {
        SupportBenchmark.measure("warm-up", CREATE_CALLERS, warmup, setup.createTicket);
        SupportBenchmark.measure("warm-up", GET_CALLERS, warmup.dividedBy(2), setup.getTicket);
      }

      for (int round = 0; round < rounds; round++) {
        System.out.printf("%nround %d (load average %s)%n", round + 1, loadAverage());
        for (int i = 0; i < order.size(); i++) {
          Setup setup = order.get((i + round) % order.size());
          if (measureCreate) {
            long cpu = processCpuNanos();
            Result create =
                SupportBenchmark.measure(
                    "CreateTicket [" + setup.name + "]", CREATE_CALLERS, phase, setup.createTicket);
            setup.createCpu.add((processCpuNanos() - cpu) / 1e3 / create.calls());
            System.out.println(create.line());
            setup.creates.add(create.perSecond());
          }
          if (measureGet) {
            long cpu = processCpuNanos();
            Result get =
                SupportBenchmark.measure(
                    "GetTicket [" + setup.name + "]", GET_CALLERS, phase, setup.getTicket);
            setup.getCpu.add((processCpuNanos() - cpu) / 1e3 / get.calls());
            System.out.println(get.line());
            setup.gets.add(get.perSecond());
          }
        }
      }

      Setup off = setups.get("off");
      double createOff = off == null ? Double.NaN : median(off.creates);
      double getOff = off == null ? Double.NaN : median(off.gets);
      System.out.printf(
          "%nmedians of %d rounds, %d s each (ratio = instrumented / off):%n",
          rounds, phase.toSeconds());
      System.out.printf(
          "%-12s %22s %8s %22s %8s%n",
          "",
          "CreateTicket (" + CREATE_CALLERS + ")",
          "ratio",
          "GetTicket (" + GET_CALLERS + ")",
          "ratio");
      for (Setup setup : order) {
        double create = median(setup.creates);
        double get = median(setup.gets);
        System.out.printf(
            "%-12s %18.0f/s %8.2f %18.0f/s %8.2f%n",
            setup.name, create, create / createOff, get, get / getOff);
      }
      if (off != null) {
        System.out.printf(
            "%npaired: median over rounds of the ratio to off in the same round (the drift between"
                + " rounds cancels out):%n");
        for (Setup setup : order) {
          System.out.printf(
              "%-12s %22s %8.2f %22s %8.2f%n",
              setup.name,
              "",
              pairedRatio(setup.creates, off.creates),
              "",
              pairedRatio(setup.gets, off.gets));
        }
      }
      System.out.println("goal: >= 0.95 at 10 % sampling, >= 0.90 at 100 %");
      double createCpuOff = off == null ? Double.NaN : median(off.createCpu);
      double getCpuOff = off == null ? Double.NaN : median(off.getCpu);
      System.out.printf(
          "%nthis JVM's CPU per call (service and callers; the other configurations idle), medians"
              + " (ratio = off / instrumented, what a machine with no other load would show):%n");
      for (Setup setup : order) {
        double create = median(setup.createCpu);
        double get = median(setup.getCpu);
        System.out.printf(
            "%-12s %17.1f µs %8.2f %17.1f µs %8.2f%n",
            setup.name, create, createCpuOff / create, get, getCpuOff / get);
      }
      for (Setup setup : order) {
        if (setup.sink != null) {
          System.out.printf(
              "%s: OTLP sink got %d POSTs, %.1f MB; /metrics scraped %d times (%.0f kB each)%n",
              setup.name,
              setup.sink.posts(),
              setup.sink.bytes() / 1e6,
              setup.scrapes.get(),
              setup.scrapes.get() == 0 ? 0.0 : setup.scrapeBytes.get() / 1e3 / setup.scrapes.get());
          String lines = setup.spanProcessorLines();
          if (!lines.isBlank()) {
            System.out.println(lines);
          }
        }
      }
      System.out.println("load average at end " + loadAverage());
    } finally {
      for (Setup setup : setups.values()) {
        setup.close();
      }
    }
    System.exit(0);
  }

  /** The median over rounds of {@code values[round] / reference[round]}. */
  private static double pairedRatio(List<Double> values, List<Double> reference) {
    List<Double> ratios = new java.util.ArrayList<>();
    for (int round = 0; round < Math.min(values.size(), reference.size()); round++) {
      ratios.add(values.get(round) / reference.get(round));
    }
    return median(ratios);
  }

  /** CPU time of this JVM so far, all threads. */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
