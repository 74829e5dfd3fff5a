package dev.fieldops.nats.bench;

import static dev.fieldops.test.bench.Machine.loadAverage;

import dev.fieldops.jooq.Database;
import dev.fieldops.jooq.DatabaseConfig;
import dev.fieldops.nats.EventTracing;
import dev.fieldops.nats.NatsConfig;
import dev.fieldops.nats.NatsConnections;
import dev.fieldops.nats.StreamProvisioner;
import dev.fieldops.nats.StreamSpec;
import dev.fieldops.nats.TrackedConnection;
import dev.fieldops.nats.outbox.Outbox;
import dev.fieldops.nats.outbox.RelayConfig;
import dev.fieldops.observability.MetricsConfig;
import dev.fieldops.observability.Observability;
import dev.fieldops.test.TestDatabase;
import dev.fieldops.test.TestNats;
import dev.fieldops.test.bench.Machine;
import dev.fieldops.test.bench.OtlpSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What metrics and traces cost the outbox relay: the relay phase of {@link OutboxRelayBenchmark} (4
 * writers commit N events in transactions of 100 while the relay publishes them; events/s from the
 * first commit to the last PubAck) run three ways in interleaved rounds.
 *
 * <ul>
 *   <li>{@code off}: no meters, no spans (the pool without meters, transactions without spans, the
 *       NATS connection without {@link EventTracing}), as {@link OutboxRelayBenchmark} measures it.
 *   <li>{@code traces 100%}, {@code traces 10%}: what a service's runtime wires: an {@link
 *       Observability} (its Micrometer registry and OpenTelemetry SDK, {@code
 *       OTEL_TRACES_SAMPLER=parentbased_traceidratio} with 1.0 or 0.1, OTLP/HTTP to an in-process
 *       {@link OtlpSink}), the pool's meters and a span per writer transaction, the relay's {@code
 *       RelayMetrics}, and a {@code publish} span per event on the connection (a child of the
 *       transaction's context stored in the outbox row, so sampled with it).
 * </ul>
 *
 * <p>Run: {@code MAVEN_OPTS=@deploy/jvm/service.flags ./mvnw -q -B -pl libs/nats-support
 * test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.fieldops.nats.bench.InstrumentedRelayBenchmark} (after {@code install
 * -DskipTests}); {@code -Dexec.args="<N> <rounds>"} (default 100000 9: single rounds of a few
 * seconds move a lot on a busy machine). For profiling one configuration: {@code
 * -Dbench.only=traces 100%} (comma-separated names; without {@code off} no ratios).
 */
public final class InstrumentedRelayBenchmark {

  private static final int WRITERS = 4;

  private InstrumentedRelayBenchmark() {}

  /** One way of running the relay. */
  private record Setup(
      String name,
      OutboxRelayBenchmark bench,
      Observability observability,
      OtlpSink sink,
      List<AutoCloseable> resources,
      List<Double> rates,
      List<Double> cpuPerEvent) {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
    RelayConfig config = RelayConfig.forStream(OutboxRelayBenchmark.STREAM, "/fieldops/bench");
    System.out.println("== outbox relay: instrumentation cost ==");
    System.out.println("machine: " + Machine.describe());
    Set<String> only =
        Set.of(System.getProperty("bench.only", "off,traces 100%,traces 10%").split(","));
    List<Setup> setups = new ArrayList<>();
    try (TestDatabase testDatabase = TestDatabase.create();
        TestNats testNats = TestNats.start()) {
      var databaseConfig =
          DatabaseConfig.forUrl(
                  testDatabase.jdbcUrl(), testDatabase.username(), testDatabase.password())
              .withMaximumPoolSize(WRITERS + config.workers() + 2);
      var natsConfig = NatsConfig.forUrl(testNats.url(), "relay-instrumentation-benchmark");
      try (TrackedConnection nats = NatsConnections.connect(natsConfig)) {
        new StreamProvisioner(nats)
            .provision(
                StreamSpec.of(OutboxRelayBenchmark.STREAM, "bench.>").withMaxBytes(8L << 30));
      }
      if (only.contains("off")) {
        Database database = Database.start(databaseConfig, List.of(Outbox.MIGRATIONS));
        TrackedConnection nats = NatsConnections.connect(natsConfig);
        setups.add(
            new Setup(
                "off",
                new OutboxRelayBenchmark(database, nats),
                null,
                null,
                List.of(nats, database),
                new ArrayList<>(),
                new ArrayList<>()));
      }
      for (double sampling : new double[] {1.0, 0.1}) {
        String name = String.format(Locale.ROOT, "traces %.0f%%", sampling * 100);
        if (!only.contains(name)) {
          continue;
        }
        OtlpSink sink = OtlpSink.start();
        Observability observability =
            Observability.start(
                MetricsConfig.off(),
                "relay-bench",
                Map.of(
                    "OTEL_TRACES_SAMPLER", "parentbased_traceidratio",
                    "OTEL_TRACES_SAMPLER_ARG", Double.toString(sampling),
                    "OTEL_EXPORTER_OTLP_ENDPOINT", sink.endpoint()),
                List.of());
        Database database =
            Database.start(
                databaseConfig,
                List.of(Outbox.MIGRATIONS),
                observability.meterRegistry(),
                observability.openTelemetry());
        TrackedConnection nats =
            NatsConnections.open(natsConfig, EventTracing.of(observability.openTelemetry()));
        if (!nats.awaitConnected(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("NATS did not connect");
        }
        setups.add(
            new Setup(
                name,
                new OutboxRelayBenchmark(database, nats),
                observability,
                sink,
                List.of(nats, database, observability, sink),
                new ArrayList<>(),
                new ArrayList<>()));
      }

      System.out.println("warming up (20,000 events per configuration) ...");
      for (Setup setup : setups) {
        setup.bench().relayRound(config, meters(setup), 20_000);
      }
      for (int round = 0; round < rounds; round++) {
        StringBuilder line =
            new StringBuilder(
                String.format(Locale.ROOT, "round %d (load %s):", round + 1, loadAverage()));
        for (int i = 0; i < setups.size(); i++) {
          Setup setup = setups.get((i + round) % setups.size());
          long cpu = processCpuNanos();
          double rate = setup.bench().relayRound(config, meters(setup), n);
          setup.cpuPerEvent().add((processCpuNanos() - cpu) / 1e3 / n);
          setup.rates().add(rate);
          line.append(String.format(Locale.ROOT, "  %s %,.0f events/s", setup.name(), rate));
        }
        System.out.println(line);
      }
      double off = "off".equals(setups.getFirst().name()) ? median(setups.getFirst()) : Double.NaN;
      System.out.printf(
          Locale.ROOT,
          "%nmedians of %d rounds of %,d events (ratio = instrumented / off):%n",
          rounds,
          n);
      for (Setup setup : setups) {
        double rate = median(setup);
        System.out.printf(
            Locale.ROOT,
            "%-12s %,10.0f events/s %6.2f   paired %6.2f%n",
            setup.name(),
            rate,
            rate / off,
            pairedRatio(setup.rates(), setups.getFirst().rates()));
      }
      System.out.println(
          "paired = median over rounds of the ratio to off in the same round (the drift between"
              + " rounds cancels out)");
      System.out.println("goal: >= 0.95 at 10 % sampling, >= 0.90 at 100 %");
      double cpuOff =
          "off".equals(setups.getFirst().name())
              ? Machine.median(
                  setups.getFirst().cpuPerEvent().stream()
                      .mapToDouble(Double::doubleValue)
                      .toArray())
              : Double.NaN;
      System.out.printf(
          Locale.ROOT,
          "%nthis JVM's CPU per event (writers, relay, export; PostgreSQL and NATS not counted),"
              + " medians (ratio = off / instrumented):%n");
      for (Setup setup : setups) {
        double cpu =
            Machine.median(setup.cpuPerEvent().stream().mapToDouble(Double::doubleValue).toArray());
        System.out.printf(Locale.ROOT, "%-12s %8.1f µs %6.2f%n", setup.name(), cpu, cpuOff / cpu);
      }
      for (Setup setup : setups) {
        if (setup.sink() != null) {
          System.out.printf(
              Locale.ROOT,
              "%s: OTLP sink got %d POSTs, %.1f MB (spans the batch processor's queue could not hold are"
                  + " dropped, as in production: see its warnings above)%n",
              setup.name(),
              setup.sink().posts(),
              setup.sink().bytes() / 1e6);
        }
      }
      System.out.println("load average at end " + loadAverage());
    } finally {
      for (Setup setup : setups) {
        for (AutoCloseable resource : setup.resources()) {
          resource.close();
        }
      }
    }
    System.exit(0);
  }

  private static io.micrometer.core.instrument.MeterRegistry meters(Setup setup) {
    return setup.observability() == null ? null : setup.observability().meterRegistry();
  }

  /** The median over rounds of {@code rates[round] / reference[round]}. */
  static double pairedRatio(List<Double> rates, List<Double> reference) {
    double[] ratios = new double[Math.min(rates.size(), reference.size())];
    for (int round = 0; round < ratios.length; round++) {
      ratios[round] = rates.get(round) / reference.get(round);
    }
    return Machine.median(ratios);
  }

  private static double median(Setup setup) {
    return Machine.median(setup.rates().stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** CPU time of this JVM so far, all threads. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
