package dev.fieldops.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.protobuf.Timestamp;
import dev.fieldops.config.Durations;
import dev.fieldops.kernel.Principal;
import dev.fieldops.telemetry.v1.AlertSeverity;
import dev.fieldops.telemetry.v1.Device;
import dev.fieldops.telemetry.v1.DeviceKind;
import dev.fieldops.telemetry.v1.Metric;
import dev.fieldops.telemetry.v1.Reading;
import dev.fieldops.telemetry.v1.RegisterDeviceRequest;
import dev.fieldops.telemetry.v1.StreamReadingsRequest;
import dev.fieldops.telemetry.v1.StreamReadingsResponse;
import dev.fieldops.telemetry.v1.TelemetryServiceGrpc;
import io.grpc.ManagedChannel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./fieldops simulate}: registers freezers for demo customers, each with a THRESHOLD rule,
 * and streams realistic temperatures through {@code StreamReadings}: a slow daily drift, sensor
 * noise, and optionally a spike on one device that crosses its rule. Bounded by {@code --duration};
 * reports what the service accepted and rejected.
 */
@Command(
    name = "simulate",
    description = "Register demo devices and stream realistic readings to telemetry.")
final class SimulateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  static final double FREEZER_SETPOINT = -18.0;
  static final double RULE_RAISE = FreezerRule.RAISE;
  static final double RULE_CLEAR = FreezerRule.CLEAR;

  @Option(
      names = "--devices",
      paramLabel = "N",
      defaultValue = "10",
      description = "Number of devices (default 10, max 10000).")
  int devices;

  @Option(
      names = "--rate",
      paramLabel = "R",
      defaultValue = "20",
      description = "Readings per second over all devices (default 20).")
  int rate;

  @Option(
      names = "--duration",
      paramLabel = "D",
      defaultValue = "60s",
      description = "How long to stream, e.g. 30s, 5m (default 60s, max 24h).")
  String duration;

  @Option(
      names = "--spike",
      paramLabel = "DEVICE",
      description = "Warm device number DEVICE (1..N) by 15 °C during the middle third of the run.")
  Integer spike;

  @Option(
      names = "--customers",
      paramLabel = "N",
      defaultValue = "3",
      description = "Demo customers demo-customer-1..N (default 3).")
  int customers;

  @Option(
      names = "--telemetry",
      paramLabel = "HOST:PORT",
      defaultValue = "${env:TELEMETRY_ADDRESS:-127.0.0.1:50052}",
      description =
          "Telemetry (default: $TELEMETRY_ADDRESS, else the local run's, else 127.0.0.1:50052).")
  String telemetry;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      defaultValue = "${env:FIELDOPS_TOKEN}",
      description = "Bearer token (default: minted with the local development key).")
  String token;

  @Option(
      names = "--key-dir",
      paramLabel = "DIR",
      defaultValue = "${env:AUTH_DEV_KEY_DIR:-.fieldops/dev-keys}",
      description =
          "Development key directory (default: $AUTH_DEV_KEY_DIR, else the local run's, else"
              + " .fieldops/dev-keys).")
  Path keyDir;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "42",
      description = "Random seed, for repeatable runs.")
  long seed;

  @Option(
      names = "--json",
      description =
          "Print one JSON object at the end (devices, accepted,"
              + " duplicates, rejected and the rejections by reason) instead of lines for people.")
  boolean json;

  @Mixin TransportOptions transport = new TransportOptions();

  private final List<JsonObject> registered = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Duration length;
    try {
      length = Durations.parse(duration);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(), "--duration: '" + duration + "' is not a duration such as 30s or 5m");
    }
    if (devices < 1
        || devices > 10_000
        || rate < 1
        || rate > 100_000
        || customers < 1
        || length.isNegative()
        || length.isZero()
        || length.compareTo(Duration.ofHours(24)) > 0
        || (spike != null && (spike < 1 || spike > devices))) {
      throw new ParameterException(
          spec.commandLine(),
          "out of bounds (devices 1..10000, rate 1..100000, duration up to 24h, spike 1..devices)");
    }
    String bearer = Credentials.staffToken(token, keyDir, Principal.Role.TELEMETRY_OPERATOR);
    ManagedChannel channel = transport.channel(telemetry);
    try {
      var stub =
          TelemetryServiceGrpc.newBlockingStub(channel)
              .withCallCredentials(Credentials.bearer(bearer));
      List<String> deviceIds = register(stub);
      StreamReadingsResponse result =
          stream(
              TelemetryServiceGrpc.newStub(channel).withCallCredentials(Credentials.bearer(bearer)),
              deviceIds,
              length);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(summary(registered, result));
      } else {
        out.printf(
            "simulate: accepted %d, duplicates %d, rejected %d%s%n",
            result.getAcceptedCount(),
            result.getDuplicateCount(),
            result.getRejectedCount(),
            result.getRejectCountsList().isEmpty() ? "" : " " + result.getRejectCountsList());
      }
      out.flush();
      return 0;
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** The run as one JSON object, field names as in the contract's JSON. */
  static String summary(List<JsonObject> devices, StreamReadingsResponse result) {
    var summary = new JsonObject();
    var list = new JsonArray();
    devices.forEach(list::add);
    summary.add("devices", list);
    summary.addProperty("accepted", result.getAcceptedCount());
    summary.addProperty("duplicates", result.getDuplicateCount());
    summary.addProperty("rejected", result.getRejectedCount());
    var byReason = new JsonObject();
    result
        .getRejectCountsList()
        .forEach(reject -> byReason.addProperty(reject.getReason().name(), reject.getCount()));
    summary.add("reject_counts", byReason);
    return new GsonBuilder().disableHtmlEscaping().create().toJson(summary);
  }

  private List<String> register(TelemetryServiceGrpc.TelemetryServiceBlockingStub stub) {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= devices; i++) {
      String customer = "demo-customer-" + (1 + (i - 1) % customers);
      Device device =
          stub.withDeadlineAfter(10, TimeUnit.SECONDS)
              .registerDevice(
                  RegisterDeviceRequest.newBuilder()
                      .setRequestId(UUID.randomUUID().toString())
                      .setDevice(
                          Device.newBuilder()
                              .setCustomerId(customer)
                              .setDisplayName("Freezer " + i)
                              .setLocation("Demo site " + (1 + (i - 1) % customers))
                              .setKind(DeviceKind.DEVICE_KIND_FREEZER))
                      .build())
              .getDevice();
      stub.withDeadlineAfter(10, TimeUnit.SECONDS)
          .createAlertRule(
              FreezerRule.tooWarm(
                  customer, device.getDeviceId(), AlertSeverity.ALERT_SEVERITY_WARNING));
      ids.add(device.getDeviceId());
      var entry = new JsonObject();
      entry.addProperty("device_id", device.getDeviceId());
      entry.addProperty("customer_id", customer);
      registered.add(entry);
      if (!json) {
        spec.commandLine()
            .getOut()
            .printf(
                "device %d: %s (%s), rule: above %.1f °C, clears below %.1f °C%n",
                i, device.getDeviceId(), customer, RULE_RAISE, RULE_CLEAR);
        spec.commandLine().getOut().flush();
      }
    }
    return ids;
  }

  private StreamReadingsResponse stream(
      TelemetryServiceGrpc.TelemetryServiceStub stub, List<String> deviceIds, Duration length)
      throws Exception {
    var call = ReadingStream.open(stub);
    var requests = call.requests();
    var done = call.summary();
    var random = new Random(seed);
    long ticks = Math.max(1, length.toMillis() / 100);
    double perTick = rate / 10.0;
    double carry = 0;
    int next = 0;
    Instant start = Instant.now();
    long total = ticks * (long) Math.ceil(perTick);
    try (Progress progress = Progress.on(spec.commandLine().getErr(), "readings", total)) {
      for (long tick = 0; tick < ticks; tick++) {
        carry += perTick;
        var batch = StreamReadingsRequest.newBuilder();
        Instant now = Instant.now();
        double fraction = tick / (double) ticks;
        while (carry >= 1) {
          carry -= 1;
          int index = next++ % deviceIds.size();
          batch.addReadings(
              Reading.newBuilder()
                  .setDeviceId(deviceIds.get(index))
                  .setMetric(Metric.METRIC_TEMPERATURE_CELSIUS)
                  .setValue(temperature(index, now, fraction, random))
                  .setObserveTime(
                      Timestamp.newBuilder()
                          .setSeconds(now.getEpochSecond())
                          .setNanos(now.getNano() / 1000 * 1000)));
        }
        if (batch.getReadingsCount() > 0) {
          requests.onNext(batch.build());
          progress.stepBy(batch.getReadingsCount());
        }
        long sleepMillis =
            start.plusMillis((tick + 1) * 100).toEpochMilli() - System.currentTimeMillis();
        if (sleepMillis > 0) {
          Thread.sleep(sleepMillis); // pacing the offered load, not synchronising
        }
      }
    }
    requests.onCompleted();
    return done.get(60, TimeUnit.SECONDS);
  }

  /** Set point + daily drift (±1.5 °C over 24 h) + noise (σ 0.2 °C) + the optional spike. */
  double temperature(int deviceIndex, Instant now, double fractionOfRun, Random random) {
    double dayAngle = 2 * Math.PI * (now.getEpochSecond() % 86_400) / 86_400.0;
    double drift = 1.5 * Math.sin(dayAngle + deviceIndex);
    double noise = random.nextGaussian() * 0.2;
    boolean spiking =
        spike != null
            && deviceIndex == spike - 1
            && fractionOfRun >= 1 / 3.0
            && fractionOfRun < 2 / 3.0;
    return Math.round((FREEZER_SETPOINT + drift + noise + (spiking ? 15.0 : 0.0)) * 100) / 100.0;
  }
}
