package dev.fieldops.telemetry.bootstrap;

import dev.fieldops.kernel.CommandDecorator;
import dev.fieldops.kernel.UuidV7;
import dev.fieldops.nats.EventTracing;
import dev.fieldops.nats.outbox.RelayConfig;
import dev.fieldops.runtime.Application;
import dev.fieldops.runtime.CommandMetrics;
import dev.fieldops.runtime.Infrastructure;
import dev.fieldops.runtime.PeriodicJob;
import dev.fieldops.runtime.TransactionalCommands;
import dev.fieldops.runtime.Wiring;
import dev.fieldops.telemetry.adapter.grpc.TelemetryGrpcService;
import dev.fieldops.telemetry.adapter.grpc.TelemetryMethodPolicy;
import dev.fieldops.telemetry.adapter.nats.TelemetryEventMapper;
import dev.fieldops.telemetry.adapter.postgres.AlertChangeRelay;
import dev.fieldops.telemetry.adapter.postgres.CacheInvalidationRelay;
import dev.fieldops.telemetry.adapter.postgres.JooqAlertFigures;
import dev.fieldops.telemetry.adapter.postgres.JooqAlertRepository;
import dev.fieldops.telemetry.adapter.postgres.JooqAlertRuleRepository;
import dev.fieldops.telemetry.adapter.postgres.JooqDeviceDirectory;
import dev.fieldops.telemetry.adapter.postgres.JooqDeviceRepository;
import dev.fieldops.telemetry.adapter.postgres.JooqEscalationCandidates;
import dev.fieldops.telemetry.adapter.postgres.JooqEvaluationStateStore;
import dev.fieldops.telemetry.adapter.postgres.JooqReadingStore;
import dev.fieldops.telemetry.adapter.postgres.JooqRuleBook;
import dev.fieldops.telemetry.adapter.postgres.ReadingPartitions;
import dev.fieldops.telemetry.application.TelemetryApplication;
import dev.fieldops.telemetry.application.command.EscalateOverdueAlertsHandler;
import dev.fieldops.telemetry.application.feed.InProcessAlertFeed;
import dev.fieldops.telemetry.domain.reading.IngestPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of the telemetry service: PostgreSQL adapters over the platform's transactor
 * and outbox, the application handlers over them with the platform's transaction decorator, the
 * gRPC service over the handlers, and the timers (NO_DATA silence check, time-based alert
 * escalation, reading partitions). The evaluation state of the devices lives in PostgreSQL (written
 * by each evaluation pass), and alert changes reach the watchers of every replica through a
 * PostgreSQL notification channel.
 */
public final class TelemetryWiring implements Wiring {

  private static final Logger LOG = LoggerFactory.getLogger(TelemetryWiring.class);

  /** Attempts of an evaluation pass that loses an optimistic race with an acknowledgement. */
  static final int EVALUATION_ATTEMPTS = 3;

  /** The name of the periodic time-based escalation scan (also its advisory lock). */
  public static final String ESCALATION_SCAN_JOB = "telemetry-alert-escalation";

  /** Alerts one escalation scan looks at before it asks again. */
  static final int ESCALATION_BATCH = 100;

  /** How long a notification channel may stay quiet before its connection is checked. */
  static final Duration ALERT_CHANNEL_VALIDATE_AFTER = Duration.ofSeconds(10);

  private volatile InProcessAlertFeed feed;
  private volatile AlertChangeRelay alertRelay;
  private volatile CacheInvalidationRelay cacheRelay;

  @Override
  public Application wire(Infrastructure infrastructure) {
    var config = TelemetryConfig.fromEnvironment(infrastructure.env());
    // The runtime's clock ticks in microseconds: what PostgreSQL stores, so every time survives a
    // round trip unchanged.
    Clock clock = infrastructure.clock();
    var transactor = infrastructure.transactor();
    var dsl = infrastructure.database().dsl();
    var events = new TelemetryEventMapper().withTraceparent(EventTracing::currentTraceparent);

    var devices = new JooqDeviceRepository(transactor, dsl, infrastructure.outbox(), events);
    var directory = new JooqDeviceDirectory(transactor, dsl);
    var rules = new JooqAlertRuleRepository(transactor, dsl);
    var ruleBook = new JooqRuleBook(transactor, dsl);
    var alertNotices = AlertChangeRelay.notices();
    var alerts =
        new JooqAlertRepository(
            transactor, dsl, infrastructure.outbox(), events, Optional.of(alertNotices));
    var readings = new JooqReadingStore(transactor, dsl);
    var evaluationStates = new JooqEvaluationStateStore(transactor, dsl, clock);
    var partitions =
        new ReadingPartitions(
            transactor,
            clock,
            config.readingRetention(),
            config.ingestWindow(),
            config.partitionDaysAhead());
    // Before the first reading arrives, so that it lands in its day's partition. Not fatal: until
    // the job manages it, readings land in the default partition and are moved later.
    try {
      partitions.maintain();
    } catch (RuntimeException e) {
      LOG.warn("reading partitions could not be prepared at start; the periodic job retries", e);
    }

    var transaction = new TransactionalCommands(transactor);
    var commands = new CommandMetrics(infrastructure.observability().meterRegistry());
    var figures =
        new TelemetryFigures(
            infrastructure.observability().meterRegistry(), new JooqAlertFigures(dsl));
    var app =
        TelemetryApplication.create(
                new TelemetryApplication.Ports(
                    devices,
                    directory,
                    rules,
                    ruleBook,
                    alerts,
                    readings,
                    evaluationStates,
                    new JooqEscalationCandidates(transactor, dsl)),
                new IngestPolicy(config.maxFutureSkew(), config.ingestWindow()),
                EVALUATION_ATTEMPTS,
                clock,
                new UuidV7(clock)::next,
                List.of(infrastructure.tracedCommands(), commands, transaction),
                transaction)
            // Ingest owns its transactions; it is timed and its readings counted all the same.
            .observingIngest(CommandDecorator.chain(List.of(commands, figures)));
    var checkSilence = app.checkSilence();
    var escalateOverdue = app.escalateOverdue();
    var once = infrastructure.idempotentCommands();
    var service =
        new TelemetryGrpcService(
            app,
            // The transaction outermost, idempotency inside it: the record commits with the effect.
            new TelemetryGrpcService.Idempotent(
                transaction.decorate(
                    once.decorate(
                        TelemetryGrpcService.REGISTER_DEVICE,
                        app.registerDevice(),
                        TelemetryGrpcService::registerDeviceResponse)),
                transaction.decorate(
                    once.decorate(
                        TelemetryGrpcService.CREATE_ALERT_RULE,
                        app.createAlertRule(),
                        TelemetryGrpcService::createAlertRuleResponse))),
            infrastructure.pageTokens(),
            new TelemetryGrpcService.Settings(
                config.defaultDeadbandCelsius(),
                config.maxIngestBatch(),
                concurrentStreamBatches(infrastructure),
                config.watchQueueCapacity()));

    var jobs =
        List.of(
            new PeriodicJob(
                "telemetry-silence-check", config.silenceCheckInterval(), checkSilence::handle),
            new PeriodicJob(
                ESCALATION_SCAN_JOB,
                config.escalationScanInterval(),
                () -> escalateDue(escalateOverdue)),
            new PeriodicJob(
                "telemetry-reading-partitions", config.partitionInterval(), partitions::maintain),
            figures.job(infrastructure.env()));
    feed = app.feed();
    // The alert changes other replicas commit, into this process's feed.
    var relay =
        new AlertChangeRelay(
                infrastructure.database().config(),
                dsl,
                alertNotices,
                feed,
                ALERT_CHANNEL_VALIDATE_AFTER)
            .start();
    alertRelay = relay;
    // Other replicas' rule and device changes, out of this process's caches.
    var invalidations =
        new CacheInvalidationRelay(
                infrastructure.database().config(),
                directory,
                ruleBook,
                ALERT_CHANNEL_VALIDATE_AFTER)
            .start();
    cacheRelay = invalidations;
    return new Application(
        List.of(service), TelemetryMethodPolicy.POLICY, jobs, List.of(relay, invalidations));
  }

  /** One run of the escalation scan, with a line in the log when it escalated something. */
  private static void escalateDue(EscalateOverdueAlertsHandler handler) {
    int escalated = handler.drainDue(ESCALATION_BATCH);
    if (escalated > 0) {
      LOG.info("escalated {} alerts that stayed active too long", escalated);
    }
  }

  /**
   * Bulk ingest may use the pool's connections but the outbox relay's (one per worker while its
   * batch is out and one to keep house, what the runtime adds to the pool for it: the relay's delay
   * is the alert's latency) and two more for single readings, queries and the jobs. With the
   * relay's share counted in (it was not: 6 of the default 8 connections went to bulk ingest), a
   * breaching reading no longer waits behind 10,000 readings/s for a connection.
   */
  static int concurrentStreamBatches(Infrastructure infrastructure) {
    int relayShare = RelayConfig.DEFAULT_WORKERS + 1;
    return Math.max(1, infrastructure.database().config().maximumPoolSize() - relayShare - 2);
  }

  /**
   * Whether the wired service receives the alert changes and cache invalidations of other replicas
   * (for tests).
   */
  public boolean hearsOtherReplicas() {
    var relay = alertRelay;
    var caches = cacheRelay;
    return relay != null && relay.isListening() && caches != null && caches.isListening();
  }

  /** The live alert feed of the wired service (tests wait for a watcher to be subscribed). */
  public InProcessAlertFeed alertFeed() {
    var wired = feed;
    if (wired == null) {
      throw new IllegalStateException("not wired yet");
    }
    return wired;
  }
}
