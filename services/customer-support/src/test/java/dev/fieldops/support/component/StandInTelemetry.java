package dev.fieldops.support.component;

import com.google.protobuf.Timestamp;
import dev.fieldops.grpc.Allow;
import dev.fieldops.grpc.CallPrincipal;
import dev.fieldops.grpc.GrpcServerConfig;
import dev.fieldops.grpc.GrpcServerRunner;
import dev.fieldops.grpc.MethodPolicy;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.Principal;
import dev.fieldops.telemetry.v1.Device;
import dev.fieldops.telemetry.v1.DeviceKind;
import dev.fieldops.telemetry.v1.DeviceState;
import dev.fieldops.telemetry.v1.GetDeviceRequest;
import dev.fieldops.telemetry.v1.GetDeviceResponse;
import dev.fieldops.telemetry.v1.QueryReadingsRequest;
import dev.fieldops.telemetry.v1.QueryReadingsResponse;
import dev.fieldops.telemetry.v1.ReadingBucket;
import dev.fieldops.telemetry.v1.TelemetryServiceGrpc;
import dev.fieldops.test.FreePorts;
import dev.fieldops.test.grpc.TestTokens;
import io.grpc.MethodDescriptor;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for telemetry on a real socket, behind the platform's real interceptor chain (token
 * verification with the test's signing key, a method policy that lets only the {@code support}
 * service read devices and readings), answering {@code GetDevice} for the devices a test put in and
 * {@code QueryReadings} with two hourly buckets. It records who asked, so a test sees the principal
 * customer support presented.
 */
final class StandInTelemetry implements AutoCloseable {

  /** Two buckets: 20 readings from -20 to -12 (avg -16), 10 from -15 to -9.5 (avg -11). */
  static final List<ReadingBucket> LAST_HOUR =
      List.of(
          ReadingBucket.newBuilder()
              .setStartTime(Timestamp.newBuilder().setSeconds(1_800_000_000L))
              .setMin(-20)
              .setMax(-12)
              .setAvg(-16)
              .setCount(20)
              .build(),
          ReadingBucket.newBuilder()
              .setStartTime(Timestamp.newBuilder().setSeconds(1_800_003_600L))
              .setMin(-15)
              .setMax(-9.5)
              .setAvg(-11)
              .setCount(10)
              .build());

  private final Map<String, Device> devices = new ConcurrentHashMap<>();
  final List<Principal> callers = new CopyOnWriteArrayList<>();
  private final GrpcServerRunner server;

  private StandInTelemetry(GrpcServerRunner server) {
    this.server = server;
  }

  /** A free port now, to configure support with before the stand-in runs on it. */
  static int reservePort() {
    return FreePorts.one();
  }

  static StandInTelemetry start(int port, TestTokens tokens) throws IOException {
    var config =
        GrpcServerConfig.fromEnvironment(
            Map.of(
                "GRPC_PORT",
                Integer.toString(port),
                "GRPC_BIND_ADDRESS",
                "127.0.0.1",
                "GRPC_PLAINTEXT",
                "true"),
            port);
    var policy = MethodPolicy.builder();
    for (var method : TelemetryServiceGrpc.getServiceDescriptor().getMethods()) {
      boolean forSupport =
          method.equals(TelemetryServiceGrpc.getGetDeviceMethod())
              || method.equals(TelemetryServiceGrpc.getQueryReadingsMethod());
      policy.allow(
          (MethodDescriptor<?, ?>) method,
          forSupport ? Allow.service("support") : Allow.anyStaff());
    }
    var holder = new StandInTelemetry[1];
    var service =
        new TelemetryServiceGrpc.TelemetryServiceImplBase() {
          @Override
          public void getDevice(GetDeviceRequest request, StreamObserver<GetDeviceResponse> out) {
            holder[0].callers.add(CallPrincipal.current());
            var device = holder[0].devices.get(request.getDeviceId());
            if (device == null) {
              throw NotFoundException.of("device", request.getDeviceId());
            }
            out.onNext(GetDeviceResponse.newBuilder().setDevice(device).build());
            out.onCompleted();
          }

          @Override
          public void queryReadings(
              QueryReadingsRequest request, StreamObserver<QueryReadingsResponse> out) {
            holder[0].callers.add(CallPrincipal.current());
            out.onNext(QueryReadingsResponse.newBuilder().addAllBuckets(LAST_HOUR).build());
            out.onCompleted();
          }
        };
    var server =
        GrpcServerRunner.builder(config, tokens.verifier(), "telemetry.fieldops.dev")
            .methodPolicy(policy.build())
            .addService(service)
            .build()
            .start();
    server.markServing();
    holder[0] = new StandInTelemetry(server);
    return holder[0];
  }

  /** Makes telemetry know a freezer with this id. */
  StandInTelemetry withFreezer(String deviceId, String customerId) {
    devices.put(
        deviceId,
        Device.newBuilder()
            .setDeviceId(deviceId)
            .setCustomerId(customerId)
            .setDisplayName("Freezer 3, back store")
            .setLocation("Warehouse 2, cold room B")
            .setKind(DeviceKind.DEVICE_KIND_FREEZER)
            .setState(DeviceState.DEVICE_STATE_ACTIVE)
            .build());
    return this;
  }

  @Override
  public void close() {
    server.close();
  }
}
