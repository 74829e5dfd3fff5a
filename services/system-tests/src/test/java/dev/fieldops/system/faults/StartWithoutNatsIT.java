package dev.fieldops.system.faults;

import static dev.fieldops.system.faults.TelemetryAndInvoicing.MONITORING_CONSUMER;
import static dev.fieldops.system.faults.TelemetryAndInvoicing.health;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fieldops.runtime.RecoveryConfig;
import dev.fieldops.runtime.ServiceRuntime;
import dev.fieldops.test.TestDatabase;
import dev.fieldops.test.TestEnvironment;
import dev.fieldops.test.TestNats;
import dev.fieldops.test.grpc.TestTokens;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A deploy during a broker outage: telemetry and invoicing start while no nats-server answers. They
 * serve their APIs at once (commands commit, their events wait in the outbox), say in health that
 * events do not flow, and once the broker comes they provision their streams, publish everything
 * once, and invoicing's consumer applies it.
 */
class StartWithoutNatsIT {

  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @Test
  void services_started_while_the_broker_is_away_serve_and_publish_everything_once_it_comes()
      throws Exception {
    try (var nats = TestNats.reserve();
        var tokens = TestTokens.create();
        var telemetryDatabase = TestDatabase.create();
        var invoicingDatabase = TestDatabase.create()) {
      long starting = System.nanoTime();
      try (var system =
          TelemetryAndInvoicing.start(
              env(telemetryDatabase, nats, tokens), env(invoicingDatabase, nats, tokens))) {
        Duration startTime = Duration.ofNanos(System.nanoTime() - starting);
        assertThat(health(system.telemetryChannel, "")).isEqualTo(ServingStatus.SERVING);
        assertThat(health(system.invoicingChannel, "")).isEqualTo(ServingStatus.SERVING);
        assertThat(health(system.telemetryChannel, ServiceRuntime.EVENTS_HEALTH))
            .isEqualTo(ServingStatus.NOT_SERVING);
        assertThat(
                health(
                    system.invoicingChannel,
                    ServiceRuntime.CONSUMER_HEALTH_PREFIX + MONITORING_CONSUMER))
            .isEqualTo(ServingStatus.NOT_SERVING);

        var load =
            new RegistrationLoad(
                    system.telemetryChannel,
                    tokens.admin(),
                    "fault-no-nats-" + UUID.randomUUID(),
                    2,
                    10,
                    Duration.ofSeconds(5))
                .start();
        await().atMost(PATIENCE).until(() -> load.acknowledged().size() >= 60);
        load.stop();
        String customer = load.customer();
        int acknowledged = load.acknowledged().size();
        assertThat(system.monitoredDevices(customer)).as("nothing can flow yet").isZero();

        long arrived = System.nanoTime();
        nats.startServer();

        await()
            .atMost(PATIENCE)
            .until(
                () ->
                    system.monitoredDevices(customer) == acknowledged
                        && health(system.telemetryChannel, ServiceRuntime.EVENTS_HEALTH)
                            == ServingStatus.SERVING
                        && health(
                                system.invoicingChannel,
                                ServiceRuntime.CONSUMER_HEALTH_PREFIX + MONITORING_CONSUMER)
                            == ServingStatus.SERVING);
        Duration recovery = Duration.ofNanos(System.nanoTime() - arrived);

        List<String> inStream = TelemetryAndInvoicing.registrationsInStream(nats.url());
        long published = new HashSet<>(inStream).size();
        var figures =
            new FaultFigures(
                    "services started without NATS (start took " + startTime.toMillis() + " ms)",
                    acknowledged,
                    load.failures(),
                    system.storedDevices(customer),
                    published,
                    inStream.size() - published,
                    system.monitoredDevices(customer),
                    system.monitoringCharges(customer) - system.monitoredDevices(customer),
                    load.maxLatency(),
                    recovery)
                .print();

        assertThat(figures.failed()).as("no command fails for want of the broker").isZero();
        assertThat(figures.stored()).isEqualTo(acknowledged);
        assertThat(figures.published()).isEqualTo(acknowledged);
        assertThat(figures.duplicatedEvents()).isZero();
        assertThat(figures.effects()).isEqualTo(acknowledged);
        assertThat(figures.duplicatedEffects()).isZero();
      }
    }
  }

  private static Map<String, String> env(TestDatabase database, TestNats nats, TestTokens tokens) {
    var env = new HashMap<>(TestEnvironment.serviceEnv(database, nats, tokens));
    env.put(RecoveryConfig.NATS_START_WAIT, "1s");
    return env;
  }
}
