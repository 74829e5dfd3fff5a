package dev.fieldops.nats.bench;

import static dev.fieldops.test.bench.Machine.median;

import dev.fieldops.jooq.Database;
import dev.fieldops.jooq.DatabaseConfig;
import dev.fieldops.kernel.UuidV7;
import dev.fieldops.nats.EventHeaders;
import dev.fieldops.nats.NatsConfig;
import dev.fieldops.nats.NatsConnections;
import dev.fieldops.nats.StreamProvisioner;
import dev.fieldops.nats.StreamSpec;
import dev.fieldops.nats.TrackedConnection;
import dev.fieldops.nats.outbox.Outbox;
import dev.fieldops.nats.outbox.OutboxEvent;
import dev.fieldops.nats.outbox.OutboxRelay;
import dev.fieldops.nats.outbox.OutboxWriter;
import dev.fieldops.nats.outbox.RelayConfig;
import dev.fieldops.nats.outbox.RelayMetrics;
import dev.fieldops.nats.outbox.RelayObserver;
import dev.fieldops.test.TestDatabase;
import dev.fieldops.test.TestNats;
import dev.fieldops.test.bench.CpuSplit;
import dev.fieldops.test.bench.Machine;
import dev.fieldops.test.bench.PostgresServer;
import dev.fieldops.test.bench.WarmUp;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Measures the outbox relay against a raw JetStream publisher on this machine, with a private
 * nats-server and a fresh database (never the shared ones). Not a test: timing belongs here.
 *
 * <ol>
 *   <li>Raw: jnats asynchronous publish of N messages the size of the relay's (256-byte payload,
 *       the same CloudEvents headers, {@code Nats-Msg-Id}, expected stream), at most 1000
 *       acknowledgements outstanding: the ceiling.
 *   <li>Relay: 4 writer threads commit N events in transactions of 100 (random aggregates among
 *       10,000) while the relay runs; sustained events/s from the first commit to the last PubAck.
 *       Raw and relay alternate for a few rounds and the medians are compared, since other work on
 *       a shared machine moves single figures a lot.
 *   <li>Latency: one event per transaction, paced at 1,000 events/s; commit→PubAck percentiles,
 *       with the writer obtained from {@link OutboxRelay#writer()} as a service wires it.
 * </ol>
 *
 * <p>Run (README of this module): {@code MAVEN_OPTS=@deploy/jvm/service.flags ./mvnw -q -B -pl
 * libs/nats-support test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.fieldops.nats.bench.OutboxRelayBenchmark}. Arguments: {@code
 * -Dexec.args="<N> <latencySeconds> <rounds>"} (default 100000 20 3); relay settings: {@code
 * -Dbench.workers}, {@code -Dbench.batch}, {@code -Dbench.window}; {@code -Dbench.warmup} (at most
 * this many seconds of warm-up passes until the JIT rests, default 60).
 */
public final class OutboxRelayBenchmark {

  private static final int PAYLOAD_BYTES = 256;
  private static final int WINDOW = 1_000;
  private static final int WRITERS = 4;
  private static final int EVENTS_PER_TRANSACTION = 100;
  private static final int AGGREGATES = 10_000;
  private static final int PACED_RATE = 1_000;
  static final String STREAM = "BENCH";

  private final Database database;
  private final TrackedConnection nats;
  private final byte[] payload = new byte[PAYLOAD_BYTES];
  private final UuidV7 ids = new UuidV7(java.time.Clock.systemUTC());
  private final AtomicLong acknowledged = new AtomicLong();
  private final ConcurrentHashMap<UUID, Long> commitNanos = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<UUID, Long> ackNanos = new ConcurrentHashMap<>();
  private volatile Histogram latencyMicros;
  private long relayStartNanos;

  OutboxRelayBenchmark(Database database, TrackedConnection nats) {
    this.database = database;
    this.nats = nats;
    ThreadLocalRandom.current().nextBytes(payload);
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int latencySeconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    RelayConfig defaults = RelayConfig.forStream(STREAM, "/fieldops/bench");
    RelayConfig config =
        defaults
            .withWorkers(Integer.getInteger("bench.workers", defaults.workers()))
            .withBatchSize(Integer.getInteger("bench.batch", defaults.batchSize()))
            .withMaxOutstandingAcks(
                Integer.getInteger("bench.window", defaults.maxOutstandingAcks()));
    try (TestDatabase testDatabase = TestDatabase.create();
        TestNats testNats = TestNats.start();
        // Room for the writers and every relay worker, so the pool is not what is measured.
        Database database =
            Database.start(
                DatabaseConfig.forUrl(
                        testDatabase.jdbcUrl(), testDatabase.username(), testDatabase.password())
                    .withMaximumPoolSize(WRITERS + config.workers() + 2),
                List.of(Outbox.MIGRATIONS));
        TrackedConnection nats =
            NatsConnections.connect(NatsConfig.forUrl(testNats.url(), "outbox-relay-benchmark"))) {
      new StreamProvisioner(nats)
          .provision(StreamSpec.of(STREAM, "bench.>").withMaxBytes(8L << 30));
      new OutboxRelayBenchmark(database, nats).run(config, n, latencySeconds, rounds);
    }
    System.exit(0);
  }

  private void run(RelayConfig base, int n, int latencySeconds, int rounds) throws Exception {
    printMachine();
    RelayConfig config =
        base.withObserver(
            new RelayObserver() {
              @Override
              public void acknowledged(UUID eventId, long streamSequence, boolean duplicate) {
                acknowledged.incrementAndGet();
                Histogram histogram = latencyMicros;
                if (histogram != null) {
                  recordAck(histogram, eventId, System.nanoTime());
                }
              }
            });
    System.out.printf(
        Locale.ROOT,
        "relay: %d workers, batch %d, %d acks outstanding per worker," + " poll %s%n",
        config.workers(),
        config.batchSize(),
        config.maxOutstandingAcks(),
        config.pollInterval());

    // Warm-up: pools, the stream's first blocks, and the JIT until it rests (with one pass the
    // compiler threads still took 3.1 s of the JVM's 6.9 s in the first measured round).
    WarmUp.Outcome warm =
        WarmUp.untilCompiled(
            () -> {
              rawPublish(Math.min(n, 20_000));
              emptyOutbox();
              try (OutboxRelay relay = startRelay(config)) {
                relayThroughput(relay, relay.writer(), Math.min(n, 20_000));
              }
            },
            0.1,
            Duration.ofSeconds(Integer.getInteger("bench.warmup", 60)));
    System.out.println("warm-up: " + warm.describe());

    double[] raw = new double[rounds];
    double[] relayed = new double[rounds];
    double[] committed = new double[rounds];
    double[] drained = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      raw[round] = rawPublish(n);
      // Every round starts from an empty outbox: the same table size, and no start-up
      // reconciliation of the previous rounds' rows competing with the measurement.
      emptyOutbox();
      CpuSplit cpu = CpuSplit.start();
      try (OutboxRelay relay = startRelay(config)) {
        double[] rates = relayThroughput(relay, relay.writer(), n);
        relayed[round] = rates[0];
        committed[round] = rates[1];
      }
      String relayCpu = cpu.report();
      drained[round] = drainBacklog(config, n);
      System.out.printf(
          Locale.ROOT,
          "  round %d: raw %,.0f msgs/s, relay %,.0f events/s (%.2f),"
              + " backlog drain %,.0f events/s%n    relay phase: %s%n",
          round + 1,
          raw[round],
          relayed[round],
          relayed[round] / raw[round],
          drained[round],
          relayCpu);
    }
    double rawMedian = median(raw);
    double relayMedian = median(relayed);
    System.out.printf(
        Locale.ROOT,
        "%nraw jnats publishAsync:  %,10.0f msgs/s   median of %d (%d msgs,"
            + " %d B payload, window %d)%n",
        rawMedian,
        rounds,
        n,
        PAYLOAD_BYTES,
        WINDOW);
    System.out.printf(
        Locale.ROOT,
        "outbox commit -> PubAck: %,10.0f events/s median of %d (%d writers"
            + " x %d events/tx; the writers alone committed %,.0f events/s)%n",
        relayMedian,
        rounds,
        WRITERS,
        EVENTS_PER_TRANSACTION,
        median(committed));
    double[] ratios = new double[rounds];
    StringBuilder perRound = new StringBuilder();
    for (int round = 0; round < rounds; round++) {
      ratios[round] = relayed[round] / raw[round];
      perRound
          .append(round == 0 ? "" : ", ")
          .append(String.format(Locale.ROOT, "%.2f", ratios[round]));
    }
    System.out.printf(
        Locale.ROOT,
        "ratio relay/raw:         %10.2f  median of the rounds' ratios (%s;"
            + " each round measures raw and relay back to back) (goal >= 0.6)%n",
        median(ratios),
        perRound);
    System.out.printf(
        Locale.ROOT,
        "                         %10.2f  median relay / median raw (medians of"
            + " different rounds when the machine's speed drifts)%n",
        relayMedian / rawMedian);
    System.out.printf(
        Locale.ROOT,
        "relay draining a committed backlog of %d (no writers): %,.0f"
            + " events/s median (%.2f of raw)%n",
        n,
        median(drained),
        median(drained) / rawMedian);

    // What a restart costs in the background: the full reconciliation of the rows of the last
    // round (published within the reconcile window) against the stream.
    long published =
        database
            .dsl()
            .fetchCount(
                org.jooq.impl.DSL.table("outbox_event"),
                org.jooq.impl.DSL.condition("stream_seq is not null"));
    try (OutboxRelay relay = startRelay(config)) {
      while (relay.state().reconciliations() < 1) {
        LockSupport.parkNanos(1_000_000);
      }
      System.out.printf(
          Locale.ROOT,
          "start-up reconciliation (in the background): %,d published"
              + " rows checked against the stream in %,d ms%n",
          published,
          (System.nanoTime() - relayStartNanos) / 1_000_000);
    }

    emptyOutbox();
    try (OutboxRelay relay = startRelay(config)) {
      OutboxWriter writer = relay.writer();
      paced(writer, Math.min(5, latencySeconds), false);
      Histogram histogram = paced(writer, latencySeconds, true);
      System.out.printf(
          Locale.ROOT,
          "%ncommit -> PubAck at %,d events/s, one event per transaction,"
              + " %d s (%,d events):%n",
          PACED_RATE,
          latencySeconds,
          histogram.getTotalCount());
      System.out.printf(
          Locale.ROOT,
          "  p50 %.2f ms   p90 %.2f ms   p99 %.2f ms   p99.9 %.2f ms"
              + "   max %.2f ms  (goal p99 < 10 ms)%n",
          histogram.getValueAtPercentile(50) / 1000.0,
          histogram.getValueAtPercentile(90) / 1000.0,
          histogram.getValueAtPercentile(99) / 1000.0,
          histogram.getValueAtPercentile(99.9) / 1000.0,
          histogram.getMaxValue() / 1000.0);
      System.out.printf(Locale.ROOT, "  relay: %s%n", relay.state());
    }
  }

  /**
   * One relay phase on an empty outbox, for {@link InstrumentedRelayBenchmark}: the writers commit
   * {@code n} events while a relay started with {@code base} (and, when {@code meters} is given,
   * the services' {@link RelayMetrics} bound to it) publishes them; events/s from the first commit
   * to the last PubAck.
   */
  double relayRound(RelayConfig base, MeterRegistry meters, int n) throws Exception {
    RelayObserver counter =
        new RelayObserver() {
          @Override
          public void acknowledged(UUID eventId, long streamSequence, boolean duplicate) {
            acknowledged.incrementAndGet();
          }
        };
    RelayMetrics metrics = meters == null ? null : new RelayMetrics(meters, base.stream(), counter);
    RelayConfig config = metrics == null ? base.withObserver(counter) : metrics.observing(base);
    emptyOutbox();
    try (OutboxRelay relay = OutboxRelay.start(database, nats, config)) {
      if (metrics != null) {
        metrics.bind(relay);
      }
      return relayThroughput(relay, relay.writer(), n)[0];
    }
  }

  private OutboxRelay startRelay(RelayConfig config) {
    relayStartNanos = System.nanoTime();
    return OutboxRelay.start(database, nats, config);
  }

  private void emptyOutbox() {
    database.dsl().execute("truncate outbox_event");
  }

  private void printMachine() {
    String pg = database.dsl().connectionResult(PostgresServer::describe);
    System.out.printf(
        Locale.ROOT,
        "machine: %d cores, %s %s, JDK %s (%s), %s, load average %.2f%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        Runtime.version(),
        System.getProperty("java.vm.vendor"),
        Machine.jvm(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    System.out.printf(
        Locale.ROOT,
        "nats-server %s (private, loopback), %s%n",
        nats.connection().getServerInfo().getVersion(),
        pg);
  }

  /** Raw jnats: publishes n messages with a sliding window of outstanding acks; msgs/s. */
  private double rawPublish(int n) throws Exception {
    JetStream js = nats.jetStream();
    ArrayDeque<CompletableFuture<PublishAck>> window = new ArrayDeque<>(WINDOW);
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      if (window.size() >= WINDOW) {
        window.pollFirst().get(30, TimeUnit.SECONDS);
      }
      UUID id = UUID.randomUUID();
      Headers headers = new Headers();
      headers.put(EventHeaders.SPEC_VERSION, "1.0");
      headers.put(EventHeaders.ID, id.toString());
      headers.put(EventHeaders.SOURCE, "/fieldops/bench");
      headers.put(EventHeaders.TYPE, "fieldops.bench.v1.Measured");
      headers.put(EventHeaders.TIME, Instant.now().toString());
      headers.put(EventHeaders.SUBJECT, "aggregate-" + (i % AGGREGATES));
      headers.put(EventHeaders.CONTENT_TYPE, EventHeaders.PROTOBUF);
      headers.put(EventHeaders.AGGREGATE_VERSION, Integer.toString(i));
      window.addLast(
          js.publishAsync(
              "bench.raw.measured",
              headers,
              payload,
              PublishOptions.builder().messageId(id.toString()).expectedStream(STREAM).build()));
    }
    while (!window.isEmpty()) {
      window.pollFirst().get(30, TimeUnit.SECONDS);
    }
    return n / seconds(System.nanoTime() - start);
  }

  /**
   * Writers commit n events in transactions of 100 while the relay runs; returns {events/s from the
   * first commit to the last PubAck, events/s the writers committed}.
   */
  private double[] relayThroughput(OutboxRelay relay, OutboxWriter writer, int n) throws Exception {
    long ackedBefore = acknowledged.get();
    int transactions = n / EVENTS_PER_TRANSACTION;
    AtomicLong next = new AtomicLong();
    ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
    long start = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      done.add(
          writers.submit(
              () -> {
                while (next.getAndIncrement() < transactions) {
                  List<OutboxEvent> events = new ArrayList<>(EVENTS_PER_TRANSACTION);
                  for (int i = 0; i < EVENTS_PER_TRANSACTION; i++) {
                    events.add(event());
                  }
                  database.transactor().run(tx -> writer.appendAll(tx, events));
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    long committedAt = System.nanoTime();
    writers.shutdown();
    long expected = ackedBefore + (long) transactions * EVENTS_PER_TRANSACTION;
    while (acknowledged.get() < expected) {
      LockSupport.parkNanos(100_000);
      if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(10)) {
        throw new IllegalStateException("relay stalled: " + relay.state());
      }
    }
    long end = System.nanoTime();
    int total = transactions * EVENTS_PER_TRANSACTION;
    return new double[] {total / seconds(end - start), total / seconds(committedAt - start)};
  }

  /** Commits n events with no relay running, then times the relay publishing them; events/s. */
  private double drainBacklog(RelayConfig config, int n) throws Exception {
    emptyOutbox();
    OutboxWriter writer = new OutboxWriter();
    for (int done = 0; done < n; done += EVENTS_PER_TRANSACTION) {
      List<OutboxEvent> events = new ArrayList<>(EVENTS_PER_TRANSACTION);
      for (int i = 0; i < EVENTS_PER_TRANSACTION; i++) {
        events.add(event());
      }
      database.transactor().run(tx -> writer.appendAll(tx, events));
    }
    long expected = acknowledged.get() + n;
    long start = System.nanoTime();
    try (OutboxRelay relay = startRelay(config)) {
      while (acknowledged.get() < expected) {
        LockSupport.parkNanos(100_000);
        if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(10)) {
          throw new IllegalStateException("relay stalled: " + relay.state());
        }
      }
      return n / seconds(System.nanoTime() - start);
    }
  }

  /** One event per transaction at a fixed rate; records commit→PubAck when {@code measure}. */
  private Histogram paced(OutboxWriter writer, int durationSeconds, boolean measure) {
    Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
    commitNanos.clear();
    ackNanos.clear();
    latencyMicros = measure ? histogram : null;
    long interval = TimeUnit.SECONDS.toNanos(1) / PACED_RATE;
    long total = (long) durationSeconds * PACED_RATE;
    long start = System.nanoTime();
    for (long i = 0; i < total; i++) {
      long wait = start + i * interval - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      OutboxEvent event = event();
      database.transactor().run(tx -> writer.append(tx, event));
      if (measure) {
        recordCommit(histogram, event.eventId(), System.nanoTime());
      }
    }
    long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (measure && histogram.getTotalCount() < total && System.nanoTime() < drainUntil) {
      LockSupport.parkNanos(1_000_000);
    }
    latencyMicros = null;
    return histogram;
  }

  // The writer learns that its commit returned slightly after the relay may already have seen
  // the row (it is woken right after the commit): whichever side comes second records.
  private void recordCommit(Histogram histogram, UUID id, long nanos) {
    commitNanos.put(id, nanos);
    Long acked = ackNanos.remove(id);
    if (acked != null && commitNanos.remove(id) != null) {
      record(histogram, acked - nanos);
    }
  }

  private void recordAck(Histogram histogram, UUID id, long nanos) {
    ackNanos.put(id, nanos);
    Long committed = commitNanos.remove(id);
    if (committed != null && ackNanos.remove(id) != null) {
      record(histogram, nanos - committed);
    }
  }

  private static synchronized void record(Histogram histogram, long nanos) {
    histogram.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos)));
  }

  private OutboxEvent event() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    // Time-ordered ids, as the services' events have.
    return OutboxEvent.protobuf(
        ids.next(),
        "measurement",
        "aggregate-" + random.nextInt(AGGREGATES),
        random.nextLong(1, Long.MAX_VALUE),
        "bench.relay.measured",
        "fieldops.bench.v1.Measured",
        payload,
        Instant.now());
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
