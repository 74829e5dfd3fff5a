package dev.fieldops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.grpc.GrpcServerConfig;
import dev.fieldops.grpc.GrpcServerRunner;
import dev.fieldops.grpc.MethodPolicy;
import dev.fieldops.grpc.ServerHealth;
import dev.fieldops.grpc.auth.AuthConfig;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./fieldops health} against the services' own server runner on 127.0.0.1. */
class HealthProbeIT {

  @TempDir Path keyDir;
  private GrpcServerRunner runner;

  @AfterEach
  void stop() {
    if (runner != null) {
      runner.close();
    }
  }

  @Test
  void the_health_report_lists_each_health_service_and_fails_unless_all_serve() throws Exception {
    runner =
        GrpcServerRunner.builder(
                GrpcServerConfig.fromEnvironment(
                    Map.of("GRPC_BIND_ADDRESS", "127.0.0.1", "GRPC_PLAINTEXT", "true"), 0),
                AuthConfig.forDevKeys(keyDir),
                "health.fieldops.dev")
            // A service without methods: the probe asks only the health service beside it.
            .addService(ServerServiceDefinition.builder("fieldops.probe.v1.Probe").build())
            .methodPolicy(MethodPolicy.builder().build())
            .build()
            .start();
    runner.markServing();
    runner.health().setStatus("fieldops.database", ServingStatus.SERVING);
    runner.health().setStatus("fieldops.events", ServingStatus.NOT_SERVING);
    var out = new ByteArrayOutputStream();
    var printed = new PrintStream(out, true, StandardCharsets.UTF_8);
    String target = "127.0.0.1:" + runner.port();

    // As ./fieldops up does before anything else: wait for readiness (a cold JVM's first call
    // may take longer than one report's deadline).
    var waited = new ByteArrayOutputStream();
    var waitedOut = new PrintStream(waited, true, StandardCharsets.UTF_8);
    assertThat(
            HealthProbe.run(
                new String[] {"--plaintext", "--wait", "60s", target}, waitedOut, waitedOut))
        .as(waited.toString(StandardCharsets.UTF_8))
        .isZero();

    int allFine =
        HealthProbe.run(
            new String[] {
              "--plaintext",
              "--report",
              target,
              "overall",
              ServerHealth.LIVENESS,
              "fieldops.database"
            },
            printed,
            printed);
    int oneDown =
        HealthProbe.run(
            new String[] {"--plaintext", "--report", target, "fieldops.events", "fieldops.unknown"},
            printed,
            printed);

    assertThat(allFine).as(out.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(oneDown).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .containsPattern("\"\" \\(readiness\\) +SERVING")
        .containsPattern("fieldops.liveness +SERVING")
        .containsPattern("fieldops.events +NOT_SERVING")
        .containsPattern("fieldops.unknown +NOT_FOUND");
  }
}
