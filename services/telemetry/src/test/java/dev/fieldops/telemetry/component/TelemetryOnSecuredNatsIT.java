package dev.fieldops.telemetry.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fieldops.nats.NatsConfig;
import dev.fieldops.nats.NatsConnections;
import dev.fieldops.nats.StreamStatus;
import dev.fieldops.telemetry.bootstrap.StreamCommand;
import dev.fieldops.test.SecuredTestNats;
import dev.fieldops.test.SecuredTestNats.Identity;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Telemetry as production runs it: on the shipped NATS configuration with its own NKey identity,
 * which may not administer streams, and {@code EVENTS_STREAM_MODE=verify}. Without its stream it
 * starts and says why it is not ready; once the operator has created the stream ({@code ./fieldops
 * stream telemetry create}) it turns ready and the events its RPCs recorded meanwhile reach the
 * stream.
 */
class TelemetryOnSecuredNatsIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @Test
  void a_verifying_telemetry_without_its_stream_is_not_ready_until_the_operator_creates_it()
      throws Exception {
    try (var nats = SecuredTestNats.start()) {
      Map<String, String> settings = new HashMap<>(nats.clientEnvironment(Identity.TELEMETRY));
      settings.put("EVENTS_STREAM_MODE", "verify");
      try (var telemetry = RunningTelemetry.start(settings)) {
        var health = HealthGrpc.newBlockingStub(telemetry.channel());

        await()
            .atMost(PATIENCE)
            .untilAsserted(
                () -> {
                  assertThat(status(health, "")).isEqualTo(ServingStatus.NOT_SERVING);
                  assertThat(status(health, "fieldops.events"))
                      .isEqualTo(ServingStatus.NOT_SERVING);
                });
        StreamStatus stream = telemetry.runtime().streamStatus();
        assertThat(stream.state()).isEqualTo(StreamStatus.State.MISSING);
        assertThat(stream.detail())
            .contains("stream TELEMETRY does not exist")
            .contains("EVENTS_STREAM_MODE=verify")
            .contains("./fieldops stream create");
        // Commands still commit: their events wait in the outbox.
        telemetry.freezerOf("acme-1");

        var out = new StringWriter();
        int exit =
            StreamCommand.of(nats.clientEnvironment(Identity.OPERATOR))
                .execute(
                    new String[] {"create"},
                    new PrintWriter(out, true),
                    new PrintWriter(out, true));
        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("stream TELEMETRY created");

        await()
            .atMost(PATIENCE)
            .untilAsserted(
                () -> {
                  assertThat(status(health, "")).isEqualTo(ServingStatus.SERVING);
                  assertThat(status(health, "fieldops.events")).isEqualTo(ServingStatus.SERVING);
                });
        try (var operator =
            NatsConnections.connect(
                NatsConfig.fromEnvironment(nats.clientEnvironment(Identity.OPERATOR), "check"))) {
          await()
              .atMost(PATIENCE)
              .until(
                  () ->
                      operator
                              .management()
                              .getStreamInfo("TELEMETRY")
                              .getStreamState()
                              .getMsgCount()
                          >= 1);
        }
        assertThat(nats.log()).doesNotContain("Violation");
      }
    }
  }

  private static ServingStatus status(HealthGrpc.HealthBlockingStub health, String service) {
    return health
        .withDeadlineAfter(5, java.util.concurrent.TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService(service).build())
        .getStatus();
  }
}
