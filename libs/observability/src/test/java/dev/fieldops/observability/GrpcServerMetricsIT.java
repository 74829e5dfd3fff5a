package dev.fieldops.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.grpc.Allow;
import dev.fieldops.grpc.GrpcServerConfig;
import dev.fieldops.grpc.GrpcServerRunner;
import dev.fieldops.grpc.MethodPolicy;
import dev.fieldops.grpc.auth.InvalidTokenException;
import dev.fieldops.test.PrometheusText;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.services.ChannelzService;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * gRPC's standard server and client metrics (gRFC A66) through the platform's real server runner
 * over TCP, read back from the real {@code /metrics} endpoint.
 */
class GrpcServerMetricsIT {

  private static final String CHECK = "grpc.health.v1.Health/Check";

  private static MethodPolicy anyStaffMay(ServerServiceDefinition service) {
    var policy = MethodPolicy.builder();
    for (var method : service.getMethods()) {
      policy.allow(method.getMethodDescriptor(), Allow.anyStaff());
    }
    return policy.build();
  }

  @Test
  void calls_are_measured_per_method_and_status_under_the_standard_names() throws Exception {
    try (var observability = Observability.start(MetricsConfig.ephemeral(), "echo")) {
      ServerServiceDefinition channelz = ChannelzService.newInstance(10).bindService();
      GrpcServerRunner runner =
          GrpcServerRunner.builder(
                  GrpcServerConfig.fromEnvironment(
                      Map.of("GRPC_BIND_ADDRESS", "127.0.0.1", "GRPC_PLAINTEXT", "true"), 0),
                  token -> {
                    throw new InvalidTokenException(
                        InvalidTokenException.Reason.CREDENTIALS_MISSING, "no tokens here");
                  },
                  "echo.fieldops.dev")
              // The runner wants one service of the application's; its methods stay unused.
              .addService(channelz)
              .methodPolicy(anyStaffMay(channelz))
              .configureServer(observability::configureServer)
              .build()
              .start();
      var channelBuilder =
          Grpc.newChannelBuilderForAddress(
              "127.0.0.1", runner.port(), InsecureChannelCredentials.create());
      observability.configureChannel(channelBuilder);
      ManagedChannel channel = channelBuilder.build();
      try {
        var health = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
        health.check(HealthCheckRequest.getDefaultInstance());
        health.check(HealthCheckRequest.getDefaultInstance());
        health.check(HealthCheckRequest.getDefaultInstance());
        assertThatThrownBy(
                () -> health.check(HealthCheckRequest.newBuilder().setService("nobody").build()))
            .isInstanceOf(StatusRuntimeException.class)
            .hasMessageStartingWith("NOT_FOUND");
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        runner.close();
      }

      var metrics =
          PrometheusText.scrape(
              URI.create("http://127.0.0.1:" + observability.port().orElseThrow() + "/metrics"));

      assertThat(
              metrics.value(
                  "grpc_server_call_duration_seconds_count",
                  Map.of("grpc_method", CHECK, "grpc_status", "OK")))
          .contains(3.0);
      assertThat(
              metrics.value(
                  "grpc_server_call_duration_seconds_count",
                  Map.of("grpc_method", CHECK, "grpc_status", "NOT_FOUND")))
          .contains(1.0);
      assertThat(
              metrics.value(
                  "grpc_server_call_duration_seconds_bucket",
                  Map.of("grpc_method", CHECK, "grpc_status", "OK", "le", "+Inf")))
          .contains(3.0);
      assertThat(metrics.value("grpc_server_call_started_total", Map.of("grpc_method", CHECK)))
          .contains(4.0);
      assertThat(
              metrics.value(
                  "grpc_client_call_duration_seconds_count",
                  Map.of("grpc_method", CHECK, "grpc_status", "NOT_FOUND")))
          .contains(1.0);
    }
  }
}
