package dev.fieldops.system.faults;

import static dev.fieldops.system.faults.TelemetryAndInvoicing.MONITORING_CONSUMER;
import static dev.fieldops.system.faults.TelemetryAndInvoicing.health;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fieldops.grpc.ServerHealth;
import dev.fieldops.runtime.ServiceRuntime;
import dev.fieldops.test.ReplicatedPostgres;
import dev.fieldops.test.TestNats;
import dev.fieldops.test.grpc.TestTokens;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL primary is killed under load ({@code SIGKILL}, a crash) and its synchronous
 * standby promoted, as Patroni or CloudNativePG would do it. Telemetry and invoicing, each with its
 * roles from deploy/postgres/create-databases.sql on the pair and nothing but the multi-host {@code
 * DATABASE_URL} ({@code targetServerType=primary}) to find the primary, are never restarted: while
 * there is no primary their calls fail fast with UNAVAILABLE and their readiness says NOT_SERVING
 * (liveness stays SERVING); once the standby is promoted they serve again by themselves. The client
 * retries what failed with the same request ids, after which every acknowledged command is stored
 * once, its event is in the stream once, and invoicing applied it once: a commit the client was
 * told about survived the primary, because the standby had it before the client was told.
 */
class PrimaryFailoverIT {

  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final Duration DEADLINE = Duration.ofSeconds(5);
  private static final Path ROLES_SCRIPT = Path.of("../../deploy/postgres/create-databases.sql");

  @Test
  void killing_the_primary_and_promoting_the_standby_loses_no_acknowledged_command_and_heals_alone()
      throws Exception {
    try (var postgres = ReplicatedPostgres.start();
        var nats = TestNats.start();
        var tokens = TestTokens.create()) {
      postgres.runScript(ROLES_SCRIPT);
      try (var system =
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
                    "fault-failover-" + UUID.randomUUID(),
                    4,
                    10,
                    DEADLINE)
                .start();
        await().atMost(PATIENCE).until(() -> load.acknowledged().size() >= 100);

        int firstPrimary = postgres.primaryPort();
        postgres.killPrimary();
        long killed = System.nanoTime();
        await()
            .atMost(PATIENCE)
            .until(
                () ->
                    health(system.telemetryChannel, "") == ServingStatus.NOT_SERVING
                        && health(system.telemetryChannel, ServiceRuntime.DATABASE_HEALTH)
                            == ServingStatus.NOT_SERVING
                        && health(system.invoicingChannel, "") == ServingStatus.NOT_SERVING);
        Duration noticed = Duration.ofNanos(System.nanoTime() - killed);
        assertThat(health(system.telemetryChannel, ServerHealth.LIVENESS))
            .as("liveness: the process is fine, no orchestrator should restart it")
            .isEqualTo(ServingStatus.SERVING);
        await().atMost(PATIENCE).until(() -> load.failedAttempts() >= 20);

        long promoted = System.nanoTime();
        postgres.promoteStandby();
        assertThat(postgres.primaryPort()).isNotEqualTo(firstPrimary);
        await()
            .atMost(PATIENCE)
            .until(
                () ->
                    health(system.telemetryChannel, "") == ServingStatus.SERVING
                        && health(system.telemetryChannel, ServiceRuntime.DATABASE_HEALTH)
                            == ServingStatus.SERVING
                        && health(system.invoicingChannel, "") == ServingStatus.SERVING);
        Duration ready = Duration.ofNanos(System.nanoTime() - promoted);
        int afterPromotion = load.acknowledged().size();
        await().atMost(PATIENCE).until(() -> load.acknowledged().size() >= afterPromotion + 100);
        load.stop();
        Map<Status.Code, Long> failures = load.failures();
        Duration maxLatency = load.maxLatency();
        load.retryFailed(PATIENCE);

        String customer = load.customer();
        int acknowledged = load.acknowledged().size();
        await().atMost(PATIENCE).until(() -> system.monitoredDevices(customer) == acknowledged);
        Duration recovery = Duration.ofNanos(System.nanoTime() - promoted);

        List<String> inStream = TelemetryAndInvoicing.registrationsInStream(nats.url());
        long published = new HashSet<>(inStream).size();
        var figures =
            new FaultFigures(
                    "PostgreSQL primary killed, standby promoted under load (NOT_SERVING after "
                        + noticed.toMillis()
                        + " ms, ready again "
                        + ready.toMillis()
                        + " ms after the promotion)",
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
            .as("every failure is UNAVAILABLE: never INTERNAL, UNKNOWN or a deadline exceeded")
            .containsOnly(Status.Code.UNAVAILABLE);
        assertThat(maxLatency).as("no call hangs up to its deadline").isLessThan(DEADLINE);
        assertThat(load.failing()).as("every retried request succeeded").isEmpty();
        assertThat(system.storedDeviceIds(customer))
            .as("every acknowledged device is stored, and nothing else")
            .isEqualTo(new HashSet<>(load.acknowledged().values()));
        assertThat(figures.stored()).isEqualTo(acknowledged);
        assertThat(figures.published()).isEqualTo(acknowledged);
        assertThat(figures.duplicatedEvents()).isZero();
        assertThat(figures.effects()).isEqualTo(acknowledged);
        assertThat(figures.duplicatedEffects()).isZero();
        assertThat(figures.lost()).isZero();
      }
    }
  }

  /** The context's roles of create-databases.sql: migrations as the owner, requests as _app. */
  private static Map<String, String> env(
      ReplicatedPostgres postgres, String database, TestNats nats, TestTokens tokens) {
    Map<String, String> env = new HashMap<>();
    env.put("DATABASE_URL", postgres.jdbcUrl(database));
    env.put("DATABASE_USER", database + "_app");
    env.put("DATABASE_PASSWORD", database + "_app");
    env.put("DATABASE_MIGRATION_USER", database);
    env.put("DATABASE_MIGRATION_PASSWORD", database);
    env.put("NATS_URL", nats.url());
    env.put("GRPC_PORT", "0");
    env.put("GRPC_BIND_ADDRESS", "127.0.0.1");
    env.put("AUTH_DEV_KEY_DIR", tokens.keyDir().toString());
    env.put("GRPC_SHUTDOWN_GRACE", "2s");
    env.put("GRPC_PLAINTEXT", "true");
    return env;
  }
}
