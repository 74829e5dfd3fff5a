package dev.fieldops.runtime;

import dev.fieldops.grpc.ServerHealth;
import dev.fieldops.jooq.Database;
import dev.fieldops.nats.StreamKeeper;
import dev.fieldops.nats.StreamStatus;
import dev.fieldops.nats.inbox.ConsumerSupervisor;
import dev.fieldops.nats.outbox.OutboxRelay;
import dev.fieldops.nats.outbox.RelayState;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code grpc.health.v1.Health} true to the service's dependencies, looking about once a
 * second:
 *
 * <table>
 *   <caption>Health services</caption>
 *   <tr><th>name</th><th>NOT_SERVING while</th></tr>
 *   <tr><td>{@code ""} (readiness)</td><td>the database is unreachable, or the context's stream
 *       is missing or differs from its declaration while NATS answers (a deployment error only an
 *       operator can fix, see {@link dev.fieldops.nats.StreamMode}); and from the start of a
 *       shutdown</td></tr>
 *   <tr><td>{@value ServerHealth#LIVENESS}</td><td>never until shutdown: the process answers</td></tr>
 *   <tr><td>{@value ServiceRuntime#DATABASE_HEALTH}</td><td>the pool cannot get a working
 *       connection; or, with {@code DATABASE_SCHEMA_MODE=verify}, a migration the code carries is
 *       not applied yet</td></tr>
 *   <tr><td>{@value ServiceRuntime#EVENTS_HEALTH}</td><td>the relay cannot publish: NATS
 *       disconnected, the stream missing, publishes failing, or the oldest unpublished event
 *       older than {@link RecoveryConfig#maxUnpublishedAge()}; or the stream's replicas or limits
 *       differ from the configuration (events still flow, readiness stays: see {@link
 *       StreamStatus.State#DRIFTED})</td></tr>
 *   <tr><td>{@value ServiceRuntime#EVENTS_HISTORY_HEALTH}</td><td>for {@value #LOSS_REPORT_HOURS}
 *       hours after a reconciliation found events the stream lost and the outbox could no longer
 *       restore</td></tr>
 *   <tr><td>{@value ServiceRuntime#CONSUMER_HEALTH_PREFIX}{@code <durable>}</td><td>the consumer
 *       is not applying events: not started (its stream never existed), its stream or durable
 *       missing, JetStream not answering, NATS or the database away</td></tr>
 * </table>
 *
 * <p>Only the database, and the context's own stream when an operator must create or fix it, decide
 * readiness: without the database no RPC can succeed, and a missing or different stream is a
 * deployment error that would otherwise go unnoticed while events pile up; without NATS (an outage)
 * every command still commits (the outbox holds its events) and without another context's stream
 * only the reactions to it wait. Each change of a status is logged once, with the reason.
 */
final class DependencyHealth implements AutoCloseable {

  static final int LOSS_REPORT_HOURS = 24;

  private static final Logger LOG = LoggerFactory.getLogger(DependencyHealth.class);
  private static final Duration INTERVAL = Duration.ofSeconds(1);

  private volatile ServerHealth health;
  private final Database database;
  private final OutboxRelay relay;
  private final StreamKeeper keeper;
  private final Optional<ConsumerSupervisor> consumers;
  private final RecoveryConfig config;
  private final Clock clock = Clock.systemUTC();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Map<String, ServingStatus> reported = new ConcurrentHashMap<>();
  private final List<Thread> threads = new ArrayList<>();

  DependencyHealth(
      Database database,
      OutboxRelay relay,
      StreamKeeper keeper,
      Optional<ConsumerSupervisor> consumers,
      RecoveryConfig config) {
    this.database = database;
    this.relay = relay;
    this.keeper = keeper;
    this.consumers = consumers;
    this.config = config;
  }

  /**
   * Sets every status once (readiness included) and keeps them up to date in the background. The
   * database is probed on a thread of its own: during an outage a probe waits for the pool.
   */
  DependencyHealth start(ServerHealth serverHealth) {
    this.health = serverHealth;
    checkDatabase();
    checkEvents();
    threads.add(
        Thread.ofVirtual().name("health-database").start(() -> repeat(this::checkDatabase)));
    threads.add(Thread.ofVirtual().name("health-events").start(() -> repeat(this::checkEvents)));
    return this;
  }

  private void repeat(Runnable check) {
    try {
      while (!stopped.await(INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
        try {
          check.run();
        } catch (RuntimeException e) {
          LOG.warn("a health check failed", e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void checkDatabase() {
    Database.Probe probe = database.probe();
    report(ServiceRuntime.DATABASE_HEALTH, probe.reachable(), probe.detail());
    StreamStatus stream = keeper.status();
    // A stream that is missing or unusable takes readiness; one whose limits differ does not.
    boolean ready = probe.reachable() && !stream.needsOperator();
    if (ready) {
      health.markServing();
    } else {
      health.markNotServing();
    }
    report(
        "",
        ready,
        probe.reachable()
            ? stream.detail()
            : "the database is unreachable or its schema not migrated: " + probe.detail());
  }

  void checkEvents() {
    RelayState state = relay.state();
    StreamStatus stream = keeper.status();
    Optional<String> problem = state.problem(config.maxUnpublishedAge());
    String detail =
        problem
            .map(
                p -> stream.isReady() && !stream.isDrifted() ? p : p + " (" + stream.detail() + ")")
            .orElse(stream.isDrifted() ? stream.detail() : "events reach the stream");
    // A stream whose limits differ from the configuration works: reported here, not on readiness.
    report(ServiceRuntime.EVENTS_HEALTH, problem.isEmpty() && !stream.isDrifted(), detail);
    boolean recentLoss =
        state
            .lossTime()
            .filter(t -> t.isAfter(clock.instant().minus(Duration.ofHours(LOSS_REPORT_HOURS))))
            .isPresent();
    report(
        ServiceRuntime.EVENTS_HISTORY_HEALTH,
        !recentLoss,
        recentLoss
            ? state.lostEvents()
                + " event(s) the stream lost could not be restored ("
                + state.lossTime().map(Instant::toString).orElse("")
                + ")"
            : "no event known lost");
    consumers.ifPresent(
        supervisor ->
            supervisor
                .statuses()
                .forEach(
                    (name, status) -> {
                      boolean running = status == ConsumerSupervisor.Status.RUNNING;
                      report(
                          ServiceRuntime.CONSUMER_HEALTH_PREFIX + name,
                          running,
                          running
                              ? "applying events"
                              : supervisor.problem(name).orElse(status.name()));
                    }));
  }

  private void report(String name, boolean serving, String detail) {
    ServingStatus status = serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
    if (!name.isEmpty()) {
      health.setStatus(name, status);
    }
    ServingStatus before = reported.put(name, status);
    if (before == status) {
      return;
    }
    String shown = name.isEmpty() ? "\"\" (readiness)" : name;
    if (serving) {
      if (before != null) {
        LOG.atInfo().addKeyValue("health", shown).log("health {} SERVING again", shown);
      }
    } else {
      LOG.atWarn().addKeyValue("health", shown).log("health {} NOT_SERVING: {}", shown, detail);
    }
  }

  @Override
  public void close() {
    stopped.countDown();
    for (Thread thread : threads) {
      try {
        thread.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
