package dev.fieldops.system.faults;

import static dev.fieldops.system.faults.TelemetryAndInvoicing.MONITORING_CONSUMER;
import static dev.fieldops.system.faults.TelemetryAndInvoicing.health;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fieldops.grpc.ServerHealth;
import dev.fieldops.runtime.ServiceRuntime;
import dev.fieldops.test.PrivatePostgres;
import dev.fieldops.test.TestNats;
import dev.fieldops.test.grpc.TestTokens;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away for 15 seconds under load (a cluster of the test's own, stopped as a crash
 * stops it, then started again): calls fail fast with UNAVAILABLE, never hang past their deadline
 * and never answer INTERNAL; readiness and {@code fieldops.database} say NOT_SERVING while liveness
 * stays SERVING (an orchestrator must not restart the replicas); and when the database is back
 * everything recovers without a restart. The client retries what failed with the same request ids,
 * after which every command is stored, published and applied exactly once.
 */
class DatabaseOutageIT {

  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final Duration OUTAGE = Duration.ofSeconds(15);
  private static final Duration DEADLINE = Duration.ofSeconds(5);

  @Test
  void a_database_outage_under_load_fails_calls_fast_says_so_in_health_and_heals_by_itself()
      throws Exception {
    try (var postgres = PrivatePostgres.start();
        var nats = TestNats.start();
        var tokens = TestTokens.create();
        var system =
            TelemetryAndInvoicing.start(
                env(postgres, "fieldops_telemetry", nats, tokens),
                env(postgres, "fieldops_invoicing", nats, tokens))) {
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
                  "fault-database-" + UUID.randomUUID(),
                  4,
                  10,
                  DEADLINE)
              .start();
      await().atMost(PATIENCE).until(() -> load.acknowledged().size() >= 100);

      postgres.stop();
      long stopped = System.nanoTime();
      await()
          .atMost(PATIENCE)
          .until(
              () ->
                  health(system.telemetryChannel, "") == ServingStatus.NOT_SERVING
                      && health(system.telemetryChannel, ServiceRuntime.DATABASE_HEALTH)
                          == ServingStatus.NOT_SERVING
                      && health(system.invoicingChannel, "") == ServingStatus.NOT_SERVING);
      Duration noticed = Duration.ofNanos(System.nanoTime() - stopped);
      assertThat(health(system.telemetryChannel, ServerHealth.LIVENESS))
          .as("liveness: the process is fine")
          .isEqualTo(ServingStatus.SERVING);
      assertThat(health(system.invoicingChannel, ServerHealth.LIVENESS))
          .isEqualTo(ServingStatus.SERVING);
      await().atMost(PATIENCE).until(() -> load.failedAttempts() >= 20);
      long left = OUTAGE.toNanos() - (System.nanoTime() - stopped);
      if (left > 0) {
        // The outage lasts 15 s: the fault's length, not a synchronisation.
        Thread.sleep(Duration.ofNanos(left));
      }

      long restarted = System.nanoTime();
      postgres.restart();
      await()
          .atMost(PATIENCE)
          .until(
              () ->
                  health(system.telemetryChannel, "") == ServingStatus.SERVING
                      && health(system.telemetryChannel, ServiceRuntime.DATABASE_HEALTH)
                          == ServingStatus.SERVING
                      && health(system.invoicingChannel, "") == ServingStatus.SERVING);
      Duration ready = Duration.ofNanos(System.nanoTime() - restarted);
      int afterRestart = load.acknowledged().size();
      await().atMost(PATIENCE).until(() -> load.acknowledged().size() >= afterRestart + 100);
      load.stop();
      Map<Status.Code, Long> failures = load.failures();
      Duration maxLatency = load.maxLatency();
      load.retryFailed(PATIENCE);

      String customer = load.customer();
      int acknowledged = load.acknowledged().size();
      await().atMost(PATIENCE).until(() -> system.monitoredDevices(customer) == acknowledged);
      Duration recovery = Duration.ofNanos(System.nanoTime() - restarted);

      List<String> inStream = TelemetryAndInvoicing.registrationsInStream(nats.url());
      long published = new HashSet<>(inStream).size();
      var figures =
          new FaultFigures(
                  "PostgreSQL stopped 15 s under load (NOT_SERVING after "
                      + noticed.toMillis()
                      + " ms, ready again "
                      + ready.toMillis()
                      + " ms after the"
                      + " restart)",
                  acknowledged,
                  failures,
                  system.storedDevices(customer),
                  published,
                  inStream.size() - published,
                  system.monitoredDevices(customer),
                  system.monitoringCharges(customer) - system.monitoredDevices(customer),
                  maxLatency,
                  recovery)
              .print();

      assertThat(failures.keySet())
          .as("every failure is UNAVAILABLE: never INTERNAL, UNKNOWN or" + " a deadline exceeded")
          .containsOnly(Status.Code.UNAVAILABLE);
      assertThat(maxLatency).as("no call hangs up to its deadline").isLessThan(DEADLINE);
      assertThat(load.failing()).as("every retried request succeeded").isEmpty();
      assertThat(figures.stored()).isEqualTo(acknowledged);
      assertThat(figures.published()).isEqualTo(acknowledged);
      assertThat(figures.duplicatedEvents()).isZero();
      assertThat(figures.effects()).isEqualTo(acknowledged);
      assertThat(figures.duplicatedEffects()).isZero();
      assertThat(figures.lost()).isZero();
    }
  }

  private static Map<String, String> env(
      PrivatePostgres postgres, String database, TestNats nats, TestTokens tokens) {
    Map<String, String> env = new HashMap<>();
    env.put("DATABASE_URL", postgres.createDatabase(database));
    env.put("DATABASE_USER", PrivatePostgres.USER);
    env.put("DATABASE_PASSWORD", "");
    env.put("NATS_URL", nats.url());
    env.put("GRPC_PORT", "0");
    env.put("GRPC_BIND_ADDRESS", "127.0.0.1");
    env.put("AUTH_DEV_KEY_DIR", tokens.keyDir().toString());
    env.put("GRPC_SHUTDOWN_GRACE", "2s");
    env.put("GRPC_PLAINTEXT", "true");
    return env;
  }
}
