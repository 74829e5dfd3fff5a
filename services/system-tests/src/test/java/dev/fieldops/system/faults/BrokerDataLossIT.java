package dev.fieldops.system.faults;

import static dev.fieldops.system.faults.TelemetryAndInvoicing.MONITORING_CONSUMER;
import static dev.fieldops.system.faults.TelemetryAndInvoicing.health;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fieldops.runtime.ServiceRuntime;
import dev.fieldops.test.TestDatabase;
import dev.fieldops.test.TestEnvironment;
import dev.fieldops.test.TestNats;
import dev.fieldops.test.grpc.TestTokens;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The broker loses everything under load: nats-server is killed with SIGKILL, its store deleted,
 * and it starts again empty, while devices are being registered in telemetry and invoicing turns
 * each registration into a monitored device. No service is restarted. Telemetry and invoicing
 * re-create their streams and republish from their outboxes, invoicing's consumer re-creates its
 * durable on telemetry's new stream, and in the end every acknowledged command is stored once,
 * published once and has its effect once.
 */
class BrokerDataLossIT {

  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @Test
  void a_broker_that_lost_its_store_under_load_is_healed_without_restarting_any_service()
      throws Exception {
    try (var nats = TestNats.start();
        var tokens = TestTokens.create();
        var telemetryDatabase = TestDatabase.create();
        var invoicingDatabase = TestDatabase.create();
        var system =
            TelemetryAndInvoicing.start(
                TestEnvironment.serviceEnv(telemetryDatabase, nats, tokens),
                TestEnvironment.serviceEnv(invoicingDatabase, nats, tokens))) {
      await()
          .atMost(PATIENCE)
          .until(
              () ->
                  health(
                          system.invoicingChannel,
                          ServiceRuntime.CONSUMER_HEALTH_PREFIX + MONITORING_CONSUMER)
                      == ServingStatus.SERVING);
      var load =
          new RegistrationLoad(
                  system.telemetryChannel,
                  tokens.admin(),
                  "fault-broker-" + UUID.randomUUID(),
                  4,
                  10,
                  Duration.ofSeconds(5))
              .start();
      await().atMost(PATIENCE).until(() -> load.acknowledged().size() >= 100);

      nats.kill();
      nats.deleteStore();
      await()
          .atMost(PATIENCE)
          .until(
              () ->
                  health(system.telemetryChannel, ServiceRuntime.EVENTS_HEALTH)
                          == ServingStatus.NOT_SERVING
                      && health(
                              system.invoicingChannel,
                              ServiceRuntime.CONSUMER_HEALTH_PREFIX + MONITORING_CONSUMER)
                          == ServingStatus.NOT_SERVING);
      int duringOutage = load.acknowledged().size();
      await("commands keep being acknowledged while the broker is away")
          .atMost(PATIENCE)
          .until(() -> load.acknowledged().size() >= duringOutage + 40);
      assertThat(health(system.telemetryChannel, "")).isEqualTo(ServingStatus.SERVING);

      long restarted = System.nanoTime();
      nats.startServer();
      int afterRestart = load.acknowledged().size();
      await().atMost(PATIENCE).until(() -> load.acknowledged().size() >= afterRestart + 100);
      load.stop();
      load.retryFailed(PATIENCE);

      String customer = load.customer();
      int acknowledged = load.acknowledged().size();
      await()
          .atMost(PATIENCE)
          .until(
              () ->
                  system.monitoredDevices(customer) == acknowledged
                      && health(system.telemetryChannel, ServiceRuntime.EVENTS_HEALTH)
                          == ServingStatus.SERVING
                      && health(system.invoicingChannel, ServiceRuntime.EVENTS_HEALTH)
                          == ServingStatus.SERVING
                      && health(
                              system.invoicingChannel,
                              ServiceRuntime.CONSUMER_HEALTH_PREFIX + MONITORING_CONSUMER)
                          == ServingStatus.SERVING);
      Duration recovery = Duration.ofNanos(System.nanoTime() - restarted);
      await()
          .atMost(PATIENCE)
          .until(
              () -> TelemetryAndInvoicing.registrationsInStream(nats.url()).size() >= acknowledged);

      List<String> inStream = TelemetryAndInvoicing.registrationsInStream(nats.url());
      long published = new HashSet<>(inStream).size();
      var figures =
          new FaultFigures(
                  "broker killed, store deleted, restarted under load",
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

      assertThat(load.failing()).as("requests still failing").isEmpty();
      assertThat(figures.failed()).as("a broker outage never fails a command").isZero();
      assertThat(figures.stored()).isEqualTo(acknowledged);
      assertThat(figures.published()).isEqualTo(acknowledged);
      assertThat(figures.duplicatedEvents()).isZero();
      assertThat(figures.effects()).isEqualTo(acknowledged);
      assertThat(figures.duplicatedEffects()).isZero();
      assertThat(figures.lost()).isZero();
    }
  }
}
