package dev.fieldops.system.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fieldops.grpc.auth.AuthConfig;
import dev.fieldops.grpc.auth.DevKeys;
import dev.fieldops.grpc.auth.TokenMinter;
import dev.fieldops.kernel.Principal;
import dev.fieldops.test.ReplicatedPostgres;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole system as {@code ./fieldops up --cluster} runs it (2 replicas of each service as OS
 * processes, HAProxy in front, a 3-node NATS cluster), under a steady mixed load through HAProxy,
 * while processes are killed with SIGKILL. After each case the client retries what failed (same
 * request ids) and the system is counted at every step: no acknowledged command lost, no event or
 * effect twice, no event without its row, every aggregate's events in order, nothing left in an
 * outbox, a consumer or a dead-letter table; and every failed call failed within its deadline with
 * a retryable status (UNAVAILABLE, or DEADLINE_EXCEEDED for a call whose replica died under it). A
 * write refused for a stale etag (ABORTED / ETAG_MISMATCH: an earlier attempt of the same change
 * committed although its answer was lost in the fault) is re-read and written again, as a client
 * does; it is counted apart ({@code etag-conflicts}), and any other ABORTED is a failure of the
 * case. Each case prints its figures ({@code FAULT FIGURES ...} in the test output).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SystemFaultsIT {

  private static final Duration DEADLINE = Duration.ofSeconds(5);
  private static final Duration PATIENCE = Duration.ofMinutes(3);

  /** Plaintext (h2c) through HAProxy and between the services, or TLS with the run's CA. */
  private static final boolean PLAINTEXT = true;

  private static final Set<Status.Code> RETRYABLE =
      EnumSet.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED);

  private static ReplicatedPostgres postgres;
  private static SystemCluster cluster;
  private static ManagedChannel support;
  private static ManagedChannel telemetry;
  private static ManagedChannel invoicing;
  private static String token;

  @BeforeAll
  static void startTheSystem() throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/sbin/haproxy")),
        "HAProxy is not installed (apt-get install haproxy)");
    postgres = ReplicatedPostgres.start();
    cluster = SystemCluster.start(postgres, PLAINTEXT);
    support = channel(0);
    telemetry = channel(1);
    invoicing = channel(2);
    token =
        TokenMinter.forDevKeys(
                DevKeys.loadOrCreate(cluster.devKeys()),
                AuthConfig.DEFAULT_ISSUER,
                AuthConfig.DEFAULT_AUDIENCE)
            .mint(
                new Principal.Staff("fault-suite", Set.of(Principal.Role.ADMIN)),
                Duration.ofHours(1));
  }

  @AfterAll
  static void stopTheSystem() throws Exception {
    if (support != null) {
      support.shutdownNow();
      telemetry.shutdownNow();
      invoicing.shutdownNow();
    }
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      if (postgres != null) {
        postgres.close();
      }
    }
  }

  /** A channel to HAProxy's front of service {@code index}, as a client outside would open it. */
  private static ManagedChannel channel(int index) throws Exception {
    if (cluster.plaintext()) {
      return ManagedChannelBuilder.forAddress("127.0.0.1", cluster.front(index))
          .usePlaintext()
          .build();
    }
    return Grpc.newChannelBuilderForAddress(
            "127.0.0.1",
            cluster.front(index),
            TlsChannelCredentials.newBuilder()
                .trustManager(cluster.certificateAuthority().toFile())
                .build())
        .build();
  }

  @Test
  @Order(1)
  void killing_one_replica_of_each_service_loses_nothing() throws Exception {
    runCase(
        "kill -9 one replica of each service",
        () -> {
          for (String service : SystemCluster.SERVICES) {
            cluster.kill(service + "-1");
          }
        },
        () -> {
          for (String service : SystemCluster.SERVICES) {
            cluster.restart(service + "-1");
          }
        });
  }

  @Test
  @Order(2)
  void killing_one_nats_node_and_bringing_it_back_loses_nothing() throws Exception {
    runCase(
        "kill -9 one NATS node, then start it again",
        () -> cluster.kill("nats-2"),
        () -> cluster.restart("nats-2"));
  }

  @Test
  @Order(3)
  void killing_the_leader_of_a_stream_loses_nothing() throws Exception {
    assumeSlowSuite();
    AtomicReference<String> leader = new AtomicReference<>();
    runCase(
        "kill -9 the NATS leader of stream SUPPORT, then start it again",
        () -> {
          leader.set(streamLeader("SUPPORT"));
          cluster.kill(leader.get());
        },
        () -> cluster.restart(leader.get()));
  }

  @Test
  @Order(4)
  void stopping_a_nats_node_for_15_seconds_loses_nothing() throws Exception {
    assumeSlowSuite();
    AtomicReference<Long> stopped = new AtomicReference<>();
    runCase(
        "SIGSTOP one NATS node for 15 s",
        () -> {
          stopped.set(cluster.pid("nats-3"));
          cluster.signal("STOP", stopped.get());
        },
        Duration.ofSeconds(15),
        () -> cluster.signal("CONT", stopped.get()));
  }

  @Test
  @Order(5)
  void restarting_everything_at_once_loses_nothing() throws Exception {
    assumeSlowSuite();
    List<String> processes = new ArrayList<>(List.of("nats-1", "nats-2", "nats-3"));
    for (String service : SystemCluster.SERVICES) {
      processes.add(service + "-1");
      processes.add(service + "-2");
    }
    runCase(
        "kill -9 every NATS node and every replica, then start them all again",
        () -> {
          for (String process : processes) {
            cluster.kill(process);
          }
        },
        Duration.ofSeconds(5),
        () -> {
          for (String process : processes) {
            cluster.restart(process);
          }
        });
  }

  @Test
  @Order(6)
  void killing_the_postgres_primary_and_promoting_the_standby_loses_nothing() throws Exception {
    runCase(
        "kill -9 the PostgreSQL primary, promote the synchronous standby",
        () -> postgres.killPrimary(),
        // No primary, no write: the outage lasts until the load has felt it, then the failover
        // manager's part (promotion) is the repair.
        load -> load.failedAttempts() >= 20,
        () -> postgres.promoteStandby());
  }

  /** The slow cases run with {@code -Dfieldops.faults.slow=true} (README: Fault tests). */
  private static void assumeSlowSuite() {
    assumeTrue(
        Boolean.getBoolean("fieldops.faults.slow"),
        "the slow fault cases run with -Dfieldops.faults.slow=true");
  }

  /** The process ({@code nats-<n>}) of the node leading {@code stream}. */
  private static String streamLeader(String stream) throws Exception {
    try (var nats = io.nats.client.Nats.connect(cluster.natsUrl())) {
      String leader = nats.jetStreamManagement().getStreamInfo(stream).getClusterInfo().getLeader();
      return "nats-" + leader.substring(leader.lastIndexOf('-') + 1);
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  /**
   * Load until some commands are acknowledged, the fault, load for a while in the fault, the
   * repair, load until more commands are acknowledged after it, then the client's retries and the
   * count, awaited until it settles (that wait is the recovery time).
   */
  private static void runCase(String fault, Step inject, Step repair) throws Exception {
    runCase(fault, inject, null, null, repair);
  }

  /** As above; the fault lasts {@code length} (the load running on meanwhile). */
  private static void runCase(String fault, Step inject, Duration length, Step repair)
      throws Exception {
    runCase(fault, inject, length, null, repair);
  }

  /** As above; the fault lasts until {@code over} holds for the load. */
  private static void runCase(String fault, Step inject, Predicate<MixedLoad> over, Step repair)
      throws Exception {
    runCase(fault, inject, null, over, repair);
  }

  /**
   * As above; a fault with a {@code length} lasts that long, one with a condition until the load
   * meets it, one with neither until the load has 40 more commands acknowledged.
   */
  private static void runCase(
      String fault, Step inject, Duration length, Predicate<MixedLoad> over, Step repair)
      throws Exception {
    MixedLoad load =
        new MixedLoad(
                support,
                telemetry,
                invoicing,
                token,
                "faults-" + UUID.randomUUID().toString().substring(0, 8),
                4,
                5,
                DEADLINE)
            .start(PATIENCE);
    await().atMost(PATIENCE).until(() -> load.acknowledged() >= 40);
    inject.run();
    long faultStart = System.nanoTime();
    long before = load.acknowledged();
    if (length != null) {
      // The fault's length is part of the case; the load runs on meanwhile.
      Thread.sleep(length.toMillis());
    } else if (over != null) {
      await().atMost(PATIENCE).until(() -> over.test(load));
    } else {
      // The load runs on through the fault: some of it reaches the surviving replicas and nodes.
      await().atMost(PATIENCE).until(() -> load.acknowledged() >= before + 40);
    }
    repair.run();
    long repaired = System.nanoTime();
    long afterRepair = load.acknowledged();
    await().atMost(PATIENCE.multipliedBy(2)).until(() -> load.acknowledged() > afterRepair);
    Duration servingAgain = Duration.ofNanos(System.nanoTime() - repaired);
    // Services restarted by the repair take minutes to start on a busy machine.
    await().atMost(PATIENCE.multipliedBy(2)).until(() -> load.acknowledged() >= afterRepair + 20);
    load.stop();
    long stopped = System.nanoTime();
    load.retryFailed(Duration.ofMinutes(2));
    long retried = System.nanoTime();
    System.out.printf(
        "PHASES %s: serving again %.1f s after the repair, 20 more acknowledged after %.1f s,"
            + " the client's retries %.1f s (failed attempts so far %s)%n",
        fault,
        servingAgain.toMillis() / 1000.0,
        (stopped - repaired) / 1e9,
        (retried - stopped) / 1e9,
        load.failures());

    AtomicReference<SystemLedger> ledger = new AtomicReference<>();
    AtomicReference<Exception> lastCountFailure = new AtomicReference<>();
    try {
      await()
          .atMost(PATIENCE)
          .pollInterval(Duration.ofSeconds(2))
          // A count may fail while the system recovers (a stream without a leader yet).
          .until(
              () -> {
                try {
                  ledger.set(SystemLedger.count(cluster, load));
                } catch (Exception countFailed) {
                  lastCountFailure.set(countFailed);
                  System.out.printf(
                      "COUNT +%.1f s after the fault: failed (%s)%n",
                      (System.nanoTime() - faultStart) / 1e9, countFailed);
                  return false;
                }
                SystemLedger counted = ledger.get();
                if (!counted.settled()) {
                  // What a slow recovery waits for, count by count.
                  System.out.printf(
                      "COUNT +%.1f s after the fault: lost=%d unpublished=%d unapplied=%d"
                          + " parked=%d waiting=%s%n",
                      (System.nanoTime() - faultStart) / 1e9,
                      counted.lost(),
                      counted.unpublished(),
                      counted.unapplied(),
                      counted.parked(),
                      counted.waiting());
                }
                return counted.settled();
              });
    } catch (ConditionTimeoutException unsettled) {
      // The assertions below say what did not settle.
    }
    Duration recovery = Duration.ofNanos(System.nanoTime() - faultStart);
    SystemLedger counted = ledger.get();
    if (counted == null) {
      // Never counted: what NATS said of itself and the processes' logs say why.
      assertThat(counted)
          .as(
              "a count of the system after %s (last attempt: %s)%s%s",
              fault, lastCountFailure.get(), cluster.natsHealth(), cluster.logs())
          .isNotNull();
    }
    System.out.printf(
        "FAULT FIGURES %s: acknowledged=%d failed=%s etag-conflicts=%d overdue=%d unsettled=%d"
            + " lost=%d"
            + " duplicated-events=%d duplicated-effects=%d phantom-events=%d order-violations=%d"
            + " number-gaps=%d unpublished=%d unapplied=%d parked=%d max-latency=%d ms"
            + " fault=%.1f s serving-again=%.1f s recovery=%.1f s (%s)%n",
        fault,
        load.acknowledged(),
        load.failures(),
        load.etagConflicts(),
        load.overdue(),
        load.unsettled(),
        counted.lost(),
        counted.duplicatedEvents(),
        counted.duplicatedEffects(),
        counted.phantomEvents(),
        counted.orderViolations(),
        counted.numberGaps(),
        counted.unpublished(),
        counted.unapplied(),
        counted.parked(),
        load.maxLatency().toMillis(),
        (repaired - faultStart) / 1e9,
        servingAgain.toMillis() / 1000.0,
        recovery.toMillis() / 1000.0,
        counted.detail());

    assertThat(load.unsettled()).as("commands the client could not get acknowledged").isZero();
    assertThat(load.failures().keySet())
        .as("failed calls' status codes (the first of each: %s)", load.firstFailures())
        .isSubsetOf(RETRYABLE);
    assertThat(load.overdue()).as("failed calls that outlasted their deadline").isZero();
    assertThat(counted.settled()).as("the count after %s: %s", fault, counted).isTrue();
  }
}
