package dev.fieldops.telemetry.component;

import dev.fieldops.runtime.ServiceRuntime;
import dev.fieldops.telemetry.bootstrap.TelemetryMain;
import dev.fieldops.telemetry.bootstrap.TelemetryWiring;
import dev.fieldops.telemetry.v1.Device;
import dev.fieldops.telemetry.v1.DeviceKind;
import dev.fieldops.telemetry.v1.Metric;
import dev.fieldops.telemetry.v1.Reading;
import dev.fieldops.telemetry.v1.RecordReadingRequest;
import dev.fieldops.telemetry.v1.RegisterDeviceRequest;
import dev.fieldops.telemetry.v1.StreamReadingsRequest;
import dev.fieldops.telemetry.v1.StreamReadingsResponse;
import dev.fieldops.telemetry.v1.TelemetryServiceGrpc;
import dev.fieldops.telemetry.v1.TelemetryServiceGrpc.TelemetryServiceBlockingStub;
import dev.fieldops.telemetry.v1.TelemetryServiceGrpc.TelemetryServiceStub;
import dev.fieldops.test.TestEnvironment;
import dev.fieldops.test.grpc.CallDeadlines;
import dev.fieldops.test.grpc.TestTokens;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The telemetry service as a test class sees it: started for real on a fresh database and a private
 * nats-server, called over a socket, with tokens for every kind of caller and a peek into its
 * database for what an RPC must not have changed.
 */
final class RunningTelemetry implements AutoCloseable {

  final TestEnvironment env;
  private final boolean ownsEnvironment;
  private TelemetryWiring wiring;
  private ServiceRuntime runtime;
  private ManagedChannel channel;

  private RunningTelemetry(TestEnvironment env) {
    this(env, true);
  }

  private RunningTelemetry(TestEnvironment env, boolean ownsEnvironment) {
    this.env = env;
    this.ownsEnvironment = ownsEnvironment;
  }

  /**
   * Another replica of this service: a second process on the same database and NATS, with its own
   * port, as behind a load balancer. Closing it stops only that replica.
   */
  RunningTelemetry startReplica() throws Exception {
    var replica = new RunningTelemetry(env, false);
    replica.startRuntime();
    return replica;
  }

  static RunningTelemetry start(Map<String, String> settings) throws Exception {
    var env = TestEnvironment.create();
    settings.forEach(env::with);
    var service = new RunningTelemetry(env);
    try {
      service.startRuntime();
    } catch (Exception | Error e) {
      env.close();
      throw e;
    }
    return service;
  }

  private void startRuntime() throws Exception {
    wiring = new TelemetryWiring();
    runtime = ServiceRuntime.start(TelemetryMain.DESCRIPTOR, env.env(), wiring);
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", runtime.port()).usePlaintext().build();
  }

  /** Stops the service gracefully and starts a new process on the same database and NATS. */
  void restart() throws Exception {
    restart(() -> {});
  }

  /** As {@link #restart()}, doing {@code whileStopped} between the two processes. */
  void restart(Runnable whileStopped) throws Exception {
    stopRuntime();
    whileStopped.run();
    startRuntime();
  }

  /** The plaintext channel to the service's port. */
  ManagedChannel channel() {
    return channel;
  }

  TelemetryWiring wiring() {
    return wiring;
  }

  ServiceRuntime runtime() {
    return runtime;
  }

  TelemetryServiceBlockingStub as(String token) {
    return CallDeadlines.eachWithin(
        TestTokens.withToken(TelemetryServiceGrpc.newBlockingStub(channel), token),
        Duration.ofSeconds(30));
  }

  TelemetryServiceStub asyncAs(String token) {
    return TestTokens.withToken(TelemetryServiceGrpc.newStub(channel), token)
        .withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  String operator() {
    return env.tokens().staff(dev.fieldops.kernel.Principal.Role.TELEMETRY_OPERATOR);
  }

  String customer(String customerId) {
    return env.tokens().customer(customerId);
  }

  /** A freezer of the customer, registered by the customer itself. */
  Device freezerOf(String customerId) {
    return freezerOf(customerId, 0);
  }

  Device freezerOf(String customerId, double deadband) {
    return as(customer(customerId))
        .registerDevice(
            RegisterDeviceRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setDevice(
                    Device.newBuilder()
                        .setCustomerId(customerId)
                        .setDisplayName("Freezer " + customerId)
                        .setLocation("Back store")
                        .setKind(DeviceKind.DEVICE_KIND_FREEZER)
                        .setDeadbandCelsius(deadband))
                .build())
        .getDevice();
  }

  static Reading temperature(Device device, Instant observed, double celsius) {
    return temperature(device.getDeviceId(), observed, celsius);
  }

  static Reading temperature(String deviceId, Instant observed, double celsius) {
    return Reading.newBuilder()
        .setDeviceId(deviceId)
        .setMetric(Metric.METRIC_TEMPERATURE_CELSIUS)
        .setValue(celsius)
        .setObserveTime(
            com.google.protobuf.Timestamp.newBuilder()
                .setSeconds(observed.getEpochSecond())
                .setNanos(observed.getNano()))
        .build();
  }

  /** The device reports one temperature itself. */
  void report(Device device, Instant observed, double celsius) {
    as(env.tokens().device(device.getDeviceId()))
        .recordReading(
            RecordReadingRequest.newBuilder()
                .setReading(temperature(device, observed, celsius))
                .build());
  }

  /** Sends the messages on one StreamReadings call and waits for its outcome. */
  StreamReadingsResponse stream(String token, List<StreamReadingsRequest> messages)
      throws Exception {
    var outcome = new CompletableFuture<StreamReadingsResponse>();
    var requests =
        asyncAs(token)
            .streamReadings(
                new StreamObserver<>() {
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
    messages.forEach(requests::onNext);
    requests.onCompleted();
    return outcome.get(60, TimeUnit.SECONDS);
  }

  /** One number from the service's database. */
  long count(String sql, Object... parameters) {
    try (var connection = env.database().connect();
        var statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (var rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Moves an alert's raise time back, as if it had been raised that much earlier: how a test lets
   * an escalation delay (at least a minute) pass without waiting for it, since the escalation scan
   * compares raise time plus delay with the clock.
   */
  void backdateAlert(String alertId, java.time.Duration by) {
    long moved =
        count(
            "WITH moved AS (UPDATE alert SET raise_time = raise_time - ? * interval '1 second'"
                + " WHERE alert_id = ?::uuid RETURNING 1) SELECT count(*) FROM moved",
            by.toSeconds(),
            alertId);
    if (moved != 1) {
      throw new IllegalStateException("no alert " + alertId);
    }
  }

  long outboxEvents() {
    return count("SELECT count(*) FROM outbox_event");
  }

  private void stopRuntime() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    runtime.close();
  }

  @Override
  public void close() throws Exception {
    try {
      stopRuntime();
    } finally {
      if (ownsEnvironment) {
        env.close();
      }
    }
  }
}
