package dev.fieldops.telemetry.bench;

import static dev.fieldops.test.bench.Machine.median;

import com.google.protobuf.Timestamp;
import dev.fieldops.kernel.Principal.Role;
import dev.fieldops.runtime.ServiceRuntime;
import dev.fieldops.telemetry.bootstrap.TelemetryMain;
import dev.fieldops.telemetry.bootstrap.TelemetryWiring;
import dev.fieldops.telemetry.v1.AlertRaised;
import dev.fieldops.telemetry.v1.AlertRule;
import dev.fieldops.telemetry.v1.CreateAlertRuleRequest;
import dev.fieldops.telemetry.v1.Device;
import dev.fieldops.telemetry.v1.DeviceKind;
import dev.fieldops.telemetry.v1.Metric;
import dev.fieldops.telemetry.v1.Reading;
import dev.fieldops.telemetry.v1.RecordReadingRequest;
import dev.fieldops.telemetry.v1.RegisterDeviceRequest;
import dev.fieldops.telemetry.v1.StreamReadingsRequest;
import dev.fieldops.telemetry.v1.StreamReadingsResponse;
import dev.fieldops.telemetry.v1.TelemetryServiceGrpc;
import dev.fieldops.telemetry.v1.ThresholdCondition;
import dev.fieldops.telemetry.v1.ThresholdDirection;
import dev.fieldops.test.TestEnvironment;
import dev.fieldops.test.bench.CpuSplit;
import dev.fieldops.test.bench.Machine;
import dev.fieldops.test.bench.PostgresServer;
import dev.fieldops.test.bench.WarmUp;
import dev.fieldops.test.grpc.TestTokens;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.nats.client.Nats;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.OrderedConsumerConfiguration;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import org.postgresql.PGConnection;

/**
 * The telemetry figures, in one run on this machine:
 *
 * <ol>
 *   <li>sustained ingest through {@code StreamReadings} over a real socket (readings stored and
 *       evaluated per second) with 1,000 devices, one THRESHOLD rule each;
 *   <li>raw PostgreSQL COPY of the same rows into the same table, as the reference, and ingest as a
 *       ratio of it;
 *   <li>the delay from a breaching reading being accepted ({@code RecordReading} returned) to its
 *       {@code AlertRaised} being stored in the TELEMETRY stream, p50/p99, while ingest runs at
 *       half the sustained rate.
 * </ol>
 *
 * The service, PostgreSQL and nats-server share the machine with this client, as in production a
 * sensor gateway would not. Options: {@code readingsPerDevice=N} (1000), {@code streams=N} (4),
 * {@code rounds=N} (3: COPY then ingest, each round; medians and the median of the rounds' ratios),
 * {@code probeSeconds=N} (20), {@code env.NAME=VALUE} (a service setting, e.g. {@code
 * env.DATABASE_POOL_SIZE=10}); {@code -Dbench.warmup=N} (at most N seconds of warm-up passes until
 * the JIT compiler rests, default 60).
 */
public final class TelemetryBenchmark {

  private static final int DEVICES = 1_000;
  private static final int PROBE_DEVICES = 100;
  private static final int MESSAGE_SIZE = 1_000;
  private static final int COPY_CHUNK = 10_000;

  private final int readingsPerDevice;
  private final int streams;
  private final int probeSeconds;
  private final int rounds;
  private final String operator;
  private final TestEnvironment env;
  private final ManagedChannel channel;
  private final List<String> devices = new ArrayList<>();

  private TelemetryBenchmark(
      Map<String, String> options, TestEnvironment env, ManagedChannel channel) {
    this.readingsPerDevice = Integer.parseInt(options.getOrDefault("readingsPerDevice", "1000"));
    this.streams = Integer.parseInt(options.getOrDefault("streams", "4"));
    this.probeSeconds = Integer.parseInt(options.getOrDefault("probeSeconds", "20"));
    this.rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
    this.env = env;
    this.channel = channel;
    this.operator = env.tokens().staff(Role.TELEMETRY_OPERATOR);
  }

  public static void main(String[] args) throws Exception {
    var options = new java.util.HashMap<String, String>();
    for (String arg : args) {
      var parts = arg.split("=", 2);
      options.put(parts[0], parts.length > 1 ? parts[1] : "");
    }
    try (var env = TestEnvironment.create()) {
      env.withoutAbuseLimits();
      // Service settings to try: env.DATABASE_POOL_SIZE=10 and the like.
      options.forEach(
          (name, value) -> {
            if (name.startsWith("env.")) {
              env.with(name.substring(4), value);
            }
          });
      var runtime =
          ServiceRuntime.start(TelemetryMain.DESCRIPTOR, env.env(), new TelemetryWiring());
      var channel =
          ManagedChannelBuilder.forAddress("127.0.0.1", runtime.port())
              .usePlaintext()
              .maxInboundMessageSize(16 << 20)
              .build();
      try {
        new TelemetryBenchmark(options, env, channel).run();
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        runtime.close();
      }
    }
    // nats-server runner and gRPC threads are not all daemons.
    System.exit(0);
  }

  private void run() throws Exception {
    printMachine();
    setUp();
    var now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    // Each round's readings lie after the round before's (a device's evaluation follows its
    // readings forward, as a fleet's does), and all of them before the latency phase's.
    Duration span = Duration.ofSeconds(readingsPerDevice + 10L);
    Instant measuredFrom = now.minus(span.multipliedBy(rounds)).minus(Duration.ofMinutes(6));

    // Warm-up: passes of 200 readings per device, each four minutes later than the one before,
    // until the JIT compiler rests (after a single pass of 50, and after passes of 50 until rest,
    // the compiler still took 1.2 s of the JVM's 5 s in the first measured ingest).
    var pass = new AtomicInteger();
    WarmUp.Outcome warm =
        WarmUp.untilCompiled(
            () -> {
              ingest(
                  rows(
                      measuredFrom
                          .minus(Duration.ofHours(8))
                          .plus(Duration.ofMinutes(4L * pass.get())),
                      200,
                      allDevices(),
                      Duration.ofSeconds(1)),
                  streams,
                  Double.MAX_VALUE);
              pass.incrementAndGet();
              truncateReadings();
            },
            0.1,
            Duration.ofSeconds(Integer.getInteger("bench.warmup", 60)));
    System.out.println("warm-up: " + warm.describe());

    var ingestRates = new ArrayList<Double>();
    var copyRates = new ArrayList<Double>();
    var ratios = new ArrayList<Double>();
    for (int round = 1; round <= rounds; round++) {
      var measured =
          rows(
              measuredFrom.plus(span.multipliedBy(round - 1L)),
              readingsPerDevice,
              allDevices(),
              Duration.ofSeconds(1));
      int total = measured.size();
      var copyCpu = CpuSplit.start();
      double copyRate = copyReference(measured);
      String copyReport = copyCpu.report();
      truncateReadings();

      var ingestCpu = CpuSplit.start();
      long start = System.nanoTime();
      long accepted = ingest(measured, streams, Double.MAX_VALUE);
      double seconds = (System.nanoTime() - start) / 1e9;
      String ingestReport = ingestCpu.report();
      long stored = countReadings();
      truncateReadings();
      double ingestRate = total / seconds;
      ingestRates.add(ingestRate);
      copyRates.add(copyRate);
      ratios.add(ingestRate / copyRate);
      System.out.printf(
          Locale.ROOT,
          "  round %d: ingest %,.0f readings/s (%,d readings in %.1f s; accepted %,d, stored %,d),"
              + " COPY %,.0f rows/s, ratio %.2f%n    COPY phase: %s%n    ingest phase: %s%n",
          round,
          ingestRate,
          total,
          seconds,
          accepted,
          stored,
          copyRate,
          ingestRate / copyRate,
          copyReport,
          ingestReport);
    }
    double ingestRate = median(ingestRates);
    System.out.printf(
        Locale.ROOT,
        "sustained ingest (StreamReadings, %d streams, %d devices, 1 THRESHOLD rule each):"
            + " %,.0f readings/s stored and evaluated, median of %d rounds%n",
        streams,
        DEVICES,
        ingestRate,
        rounds);
    System.out.printf(
        Locale.ROOT,
        "raw COPY of the same rows into the same table: %,.0f rows/s, median%n",
        median(copyRates));
    System.out.printf(
        Locale.ROOT,
        "ingest/COPY: %.2f  median of the rounds' ratios (each round measures COPY and ingest back"
            + " to back); %.2f  median ingest / median COPY (goal >= 0.8)%n",
        median(ratios),
        ingestRate / median(copyRates));

    latencyUnderHalfLoad(ingestRate / 2);
  }

  // --- setup ---

  private void printMachine() throws Exception {
    String postgres;
    try (var connection = connect()) {
      postgres = PostgresServer.describe(connection);
    }
    String natsVersion;
    try (var nats = Nats.connect(env.nats().url())) {
      natsVersion = nats.getServerInfo().getVersion();
    }
    System.out.printf(
        "machine: %d cores, JDK %s, %s, %s %s, load average %s%n  PostgreSQL: %s%n  nats-server %s%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.version(),
        Machine.jvm(),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim(),
        postgres,
        natsVersion);
  }

  private Connection connect() throws Exception {
    return DriverManager.getConnection(
        env.database().jdbcUrl(), env.database().username(), env.database().password());
  }

  private TelemetryServiceGrpc.TelemetryServiceBlockingStub blocking() {
    return TestTokens.withToken(TelemetryServiceGrpc.newBlockingStub(channel), operator)
        .withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  /** 1,000 devices of 10 customers, each with a THRESHOLD rule (above -10 °C, clear at -12 °C). */
  private void setUp() throws Exception {
    long start = System.nanoTime();
    // As many callers as the service has connections: more would only queue in its pool.
    try (var pool = Executors.newFixedThreadPool(4)) {
      var registered = new ArrayList<java.util.concurrent.Future<String>>();
      for (int i = 0; i < DEVICES; i++) {
        var customer = "bench-" + (i % 10);
        var index = i;
        registered.add(
            pool.submit(
                () -> {
                  var deviceRequest = UUID.randomUUID().toString();
                  var ruleRequest = UUID.randomUUID().toString();
                  var device =
                      retried(
                          () ->
                              blocking()
                                  .registerDevice(
                                      RegisterDeviceRequest.newBuilder()
                                          .setRequestId(deviceRequest)
                                          .setDevice(
                                              Device.newBuilder()
                                                  .setCustomerId(customer)
                                                  .setDisplayName("Freezer " + index)
                                                  .setKind(DeviceKind.DEVICE_KIND_FREEZER))
                                          .build())
                                  .getDevice());
                  retried(
                      () ->
                          blocking()
                              .createAlertRule(
                                  CreateAlertRuleRequest.newBuilder()
                                      .setRequestId(ruleRequest)
                                      .setAlertRule(
                                          AlertRule.newBuilder()
                                              .setCustomerId(customer)
                                              .setDeviceId(device.getDeviceId())
                                              .setMetric(Metric.METRIC_TEMPERATURE_CELSIUS)
                                              .setThreshold(
                                                  ThresholdCondition.newBuilder()
                                                      .setDirection(
                                                          ThresholdDirection
                                                              .THRESHOLD_DIRECTION_ABOVE)
                                                      .setRaiseLevel(-10)
                                                      .setClearLevel(-12)))
                                      .build()));
                  return device.getDeviceId();
                }));
      }
      for (var future : registered) {
        devices.add(future.get());
      }
    }
    System.out.printf(
        Locale.ROOT,
        "setup: %d devices and %d rules registered in %.1f s%n",
        DEVICES,
        DEVICES,
        (System.nanoTime() - start) / 1e9);
  }

  /** A setup call, tried again when a busy machine made the service answer UNAVAILABLE. */
  private static <T> T retried(java.util.function.Supplier<T> call) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (io.grpc.StatusRuntimeException e) {
        if (e.getStatus().getCode() != io.grpc.Status.Code.UNAVAILABLE || attempt == 5) {
          throw e;
        }
        TimeUnit.MILLISECONDS.sleep(200L * attempt);
      }
    }
  }

  private List<String> allDevices() {
    return devices;
  }

  // --- data ---

  /** One reading. */
  private record Row(String deviceId, Instant observeTime, double value) {}

  /** One breaching reading on its way: complete once both moments are known, in either order. */
  private static final class Probe {
    private Instant accepted;
    private Instant stored;

    synchronized boolean acceptedAt(Instant time) {
      accepted = time;
      return stored != null;
    }

    synchronized boolean storedAt(Instant time) {
      stored = time;
      return accepted != null;
    }
  }

  /**
   * {@code perDevice} readings of each device, {@code spacing} apart, interleaved across devices as
   * a fleet reports; values wander within the deadband around -18 °C (normal).
   */
  private static List<Row> rows(
      Instant start, int perDevice, List<String> devices, Duration spacing) {
    var rows = new ArrayList<Row>(perDevice * devices.size());
    for (int k = 0; k < perDevice; k++) {
      for (int d = 0; d < devices.size(); d++) {
        rows.add(
            new Row(
                devices.get(d),
                start.plus(spacing.multipliedBy(k)).plusNanos(d * 1_000L),
                -18.0 + ((k + d) % 5) * 0.05));
      }
    }
    return rows;
  }

  private static Reading reading(Row row) {
    return Reading.newBuilder()
        .setDeviceId(row.deviceId())
        .setMetric(Metric.METRIC_TEMPERATURE_CELSIUS)
        .setValue(row.value())
        .setObserveTime(
            Timestamp.newBuilder()
                .setSeconds(row.observeTime().getEpochSecond())
                .setNanos(row.observeTime().getNano()))
        .build();
  }

  /**
   * The rows as the request messages of {@code streamCount} streams; each device's readings go
   * through one stream, in order, so that none arrives late.
   */
  private List<List<StreamReadingsRequest>> messages(List<Row> rows, int streamCount) {
    var index = new java.util.HashMap<String, Integer>();
    for (int i = 0; i < devices.size(); i++) {
      index.put(devices.get(i), i);
    }
    var perStream = new ArrayList<List<StreamReadingsRequest>>();
    var open = new ArrayList<StreamReadingsRequest.Builder>();
    for (int s = 0; s < streamCount; s++) {
      perStream.add(new ArrayList<>());
      open.add(StreamReadingsRequest.newBuilder());
    }
    for (Row row : rows) {
      int s = index.get(row.deviceId()) % streamCount;
      var message = open.get(s).addReadings(reading(row));
      if (message.getReadingsCount() == MESSAGE_SIZE) {
        perStream.get(s).add(message.build());
        open.set(s, StreamReadingsRequest.newBuilder());
      }
    }
    for (int s = 0; s < streamCount; s++) {
      if (open.get(s).getReadingsCount() > 0) {
        perStream.get(s).add(open.get(s).build());
      }
    }
    return perStream;
  }

  // --- phases ---

  /**
   * Sends the rows on parallel streams, each at most {@code maxRate / streams} readings per second,
   * and waits until every stream has answered; returns the accepted count.
   */
  private long ingest(List<Row> rows, int streamCount, double maxRate) throws Exception {
    var perStream = messages(rows, streamCount);
    var outcomes = new ArrayList<CompletableFuture<StreamReadingsResponse>>();
    var senders = new ArrayList<Thread>();
    for (var messages : perStream) {
      var outcome = new CompletableFuture<StreamReadingsResponse>();
      outcomes.add(outcome);
      senders.add(Thread.ofPlatform().start(() -> send(messages, outcome, maxRate / streamCount)));
    }
    long accepted = 0;
    for (var outcome : outcomes) {
      var response = outcome.get(10, TimeUnit.MINUTES);
      if (response.getRejectedCount() > 0) {
        throw new IllegalStateException("readings rejected: " + response);
      }
      accepted += response.getAcceptedCount();
    }
    for (Thread sender : senders) {
      sender.join();
    }
    return accepted;
  }

  /** One stream, respecting HTTP/2 flow control (isReady) and an optional pace. */
  private void send(
      List<StreamReadingsRequest> messages,
      CompletableFuture<StreamReadingsResponse> outcome,
      double readingsPerSecond) {
    var ready = new java.util.concurrent.Semaphore(0);
    var stub =
        TestTokens.withToken(TelemetryServiceGrpc.newStub(channel), operator)
            .withDeadlineAfter(10, TimeUnit.MINUTES);
    var requests =
        (io.grpc.stub.ClientCallStreamObserver<StreamReadingsRequest>)
            stub.streamReadings(
                new io.grpc.stub.ClientResponseObserver<
                    StreamReadingsRequest, StreamReadingsResponse>() {
                  @Override
                  public void beforeStart(
                      io.grpc.stub.ClientCallStreamObserver<StreamReadingsRequest> call) {
                    call.setOnReadyHandler(ready::release);
                  }

                  @Override
                  public void onNext(StreamReadingsResponse response) {
                    outcome.complete(response);
                  }

                  @Override
                  public void onError(Throwable t) {
                    outcome.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {}
                });
    long start = System.nanoTime();
    long sent = 0;
    try {
      for (var message : messages) {
        while (!requests.isReady()) {
          ready.tryAcquire(100, TimeUnit.MILLISECONDS);
        }
        if (readingsPerSecond != Double.MAX_VALUE) {
          long due = start + (long) (sent / readingsPerSecond * 1e9);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
        }
        requests.onNext(message);
        sent += message.getReadingsCount();
      }
      requests.onCompleted();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      requests.onError(e);
    }
  }

  /** The reference: the same rows with COPY straight into {@code reading}, chunk by chunk. */
  private double copyReference(List<Row> rows) throws Exception {
    var chunks = new ArrayList<byte[]>();
    for (int from = 0; from < rows.size(); from += COPY_CHUNK) {
      var text = new StringBuilder(COPY_CHUNK * 80);
      for (Row row : rows.subList(from, Math.min(rows.size(), from + COPY_CHUNK))) {
        text.append(row.deviceId())
            .append("\t1\t")
            .append(row.observeTime())
            .append('\t')
            .append(row.value())
            .append('\n');
      }
      chunks.add(text.toString().getBytes(StandardCharsets.US_ASCII));
    }
    try (var connection = connect()) {
      connection.setAutoCommit(false);
      var copy = connection.unwrap(PGConnection.class).getCopyAPI();
      long start = System.nanoTime();
      for (byte[] chunk : chunks) {
        copy.copyIn(
            "COPY reading (device_id, metric, observe_time, value) FROM STDIN",
            new ByteArrayInputStream(chunk));
        connection.commit();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return rows.size() / seconds;
    }
  }

  private void truncateReadings() throws Exception {
    try (var connection = connect()) {
      connection.createStatement().execute("TRUNCATE reading");
    }
  }

  /**
   * p50 and p99 of the time from an AlertRaised row's insertion (its transaction's start) to the
   * relay marking it published (after the stream acknowledged it), for rows since {@code since}.
   */
  private double[] relayLagMillis(Instant since) throws Exception {
    try (var connection = connect();
        var statement =
            connection.prepareStatement(
                "SELECT percentile_cont(ARRAY[0.5, 0.99]) WITHIN GROUP (ORDER BY"
                    + " extract(epoch FROM published_time - create_time) * 1000)"
                    + " FROM outbox_event WHERE subject = 'telemetry.alert.raised'"
                    + " AND create_time >= ?")) {
      statement.setObject(1, since.atOffset(java.time.ZoneOffset.UTC));
      try (var rows = statement.executeQuery()) {
        rows.next();
        var values = (Double[]) rows.getArray(1).getArray();
        return new double[] {values[0], values[1]};
      }
    }
  }

  private long countReadings() throws Exception {
    try (var connection = connect();
        var rows = connection.createStatement().executeQuery("SELECT count(*) FROM reading")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /**
   * Background ingest at {@code rate} readings per second on the devices that are not probed, while
   * every 50 ms a probe device reports a breaching temperature through RecordReading (and then a
   * normal one, so that its next breach raises a new alert). The delay runs from the moment
   * RecordReading returned to the stream's own timestamp of the AlertRaised message.
   */
  private void latencyUnderHalfLoad(double rate) throws Exception {
    var probes = devices.subList(0, PROBE_DEVICES);
    var background = devices.subList(PROBE_DEVICES, devices.size());
    var probesInFlight = new ConcurrentHashMap<String, Probe>();
    var delays = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
    var early = new java.util.concurrent.atomic.AtomicLong();
    var received = new java.util.concurrent.atomic.AtomicLong();
    java.util.function.Consumer<Probe> record =
        probe -> {
          long micros = ChronoUnit.MICROS.between(probe.accepted, probe.stored);
          if (micros < 0) {
            early.incrementAndGet();
          }
          synchronized (delays) {
            delays.recordValue(Math.max(0, micros));
          }
          received.incrementAndGet();
        };
    try (var nats = Nats.connect(env.nats().url())) {
      var consumer =
          nats.getStreamContext("TELEMETRY")
              .createOrderedConsumer(
                  new OrderedConsumerConfiguration()
                      .filterSubject("telemetry.alert.raised")
                      .deliverPolicy(DeliverPolicy.New))
              .consume(
                  message -> {
                    try {
                      var raised = AlertRaised.parseFrom(message.getData());
                      var probe = probesInFlight.get(raised.getDeviceId());
                      if (probe != null
                          && probe.storedAt(message.metaData().timestamp().toInstant())) {
                        probesInFlight.remove(raised.getDeviceId(), probe);
                        record.accept(probe);
                      }
                    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                      throw new IllegalStateException(e);
                    }
                  });
      int perDevice = (int) Math.ceil(rate * (probeSeconds + 5) / background.size());
      var load =
          rows(
              Instant.now().minus(Duration.ofMinutes(4)),
              perDevice,
              background,
              Duration.ofMillis(50));
      var backgroundDone = new CompletableFuture<Long>();
      Thread.ofPlatform()
          .start(
              () -> {
                try {
                  backgroundDone.complete(ingest(load, streams, rate));
                } catch (Exception e) {
                  backgroundDone.completeExceptionally(e);
                }
              });
      var stub = blocking();
      var phaseStart = Instant.now();
      long start = System.nanoTime();
      int sent = 0;
      while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(probeSeconds)) {
        var device = probes.get(sent % probes.size());
        var probe = new Probe();
        probesInFlight.put(device, probe);
        stub.recordReading(
            RecordReadingRequest.newBuilder()
                .setReading(reading(new Row(device, Instant.now(), -5.0)))
                .build());
        if (probe.acceptedAt(Instant.now())) {
          probesInFlight.remove(device, probe);
          record.accept(probe);
        }
        stub.recordReading(
            RecordReadingRequest.newBuilder()
                .setReading(reading(new Row(device, Instant.now(), -18.0)))
                .build());
        sent++;
        long due = start + sent * TimeUnit.MILLISECONDS.toNanos(50);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
      long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (received.get() < sent && System.nanoTime() < waitUntil) {
        TimeUnit.MILLISECONDS.sleep(20);
      }
      long backgroundAccepted = backgroundDone.get(5, TimeUnit.MINUTES);
      consumer.stop();
      var relayLag = relayLagMillis(phaseStart);
      System.out.printf(
          Locale.ROOT,
          "alert latency (RecordReading returned -> AlertRaised stored in TELEMETRY), %d of %d"
              + " probes, with background ingest at %,.0f readings/s (%,d readings):"
              + " p50 %.1f ms, p99 %.1f ms, max %.1f ms (goal p99 < 100 ms)%s%n",
          received.get(),
          sent,
          rate,
          backgroundAccepted,
          delays.getValueAtPercentile(50) / 1000.0,
          delays.getValueAtPercentile(99) / 1000.0,
          delays.getMaxValue() / 1000.0,
          early.get() > 0
              ? "; " + early.get() + " stored before the client had its answer (counted as 0)"
              : "");
      System.out.printf(
          Locale.ROOT,
          "  for comparison, outbox row written (start of the alert's transaction) -> marked"
              + " published by the relay (after the stream's ack): p50 %.1f ms, p99 %.1f ms%n",
          relayLag[0],
          relayLag[1]);
    }
  }
}
