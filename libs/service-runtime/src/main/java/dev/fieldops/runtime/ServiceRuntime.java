package dev.fieldops.runtime;

import com.google.protobuf.Descriptors.FileDescriptor;
import dev.fieldops.grpc.AbuseLimits;
import dev.fieldops.grpc.GrpcServerConfig;
import dev.fieldops.grpc.GrpcServerRunner;
import dev.fieldops.grpc.RequestRules;
import dev.fieldops.grpc.auth.AuthConfig;
import dev.fieldops.grpc.paging.PageTokens;
import dev.fieldops.jooq.Database;
import dev.fieldops.jooq.DatabaseConfig;
import dev.fieldops.jooq.IdempotencyStore;
import dev.fieldops.jooq.MigrationSet;
import dev.fieldops.jooq.SchemaMode;
import dev.fieldops.jooq.SqlFailures;
import dev.fieldops.nats.EventTracing;
import dev.fieldops.nats.NatsConfig;
import dev.fieldops.nats.NatsConnections;
import dev.fieldops.nats.StreamKeeper;
import dev.fieldops.nats.StreamMode;
import dev.fieldops.nats.StreamSettings;
import dev.fieldops.nats.StreamStatus;
import dev.fieldops.nats.TrackedConnection;
import dev.fieldops.nats.inbox.ConsumerMetrics;
import dev.fieldops.nats.inbox.Inbox;
import dev.fieldops.nats.outbox.Outbox;
import dev.fieldops.nats.outbox.OutboxRelay;
import dev.fieldops.nats.outbox.RelayConfig;
import dev.fieldops.nats.outbox.RelayMetrics;
import dev.fieldops.observability.MetricsConfig;
import dev.fieldops.observability.Observability;
import io.grpc.BindableService;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one bounded context's process in a fixed order and stops it in the reverse:
 *
 * <ol>
 *   <li>configuration from the environment (a bad value stops the start, naming the variable); then
 *       the validation rules of the API's requests ({@link ServiceDescriptor#apiSchemas()}) start
 *       compiling on a thread of their own, for the gRPC server to take when it is built;
 *   <li>metrics and traces ({@link Observability}): the registry every later part registers its
 *       meters in, the {@code /metrics} endpoint when {@code METRICS_PORT} is set, and the
 *       OpenTelemetry SDK whose spans the database's transactions, the gRPC server, the relay, the
 *       consumers and the jobs record (exported when {@code OTEL_EXPORTER_OTLP_ENDPOINT} is set);
 *   <li>the database pool and migrations: the platform's (idempotency, outbox, inbox) then the
 *       service's ({@code DATABASE_SCHEMA_MODE=verify}: only checked, see {@link SchemaMode});
 *   <li>NATS, connecting in the background, the keeper of the context's stream (the declared stream
 *       with the {@code EVENTS_STREAM_*} settings, {@link StreamSettings}: it creates the stream as
 *       soon as NATS answers when it is missing, otherwise only verifies it, and re-creates it if
 *       the broker loses it later), and the outbox relay. The start waits a moment ({@link
 *       RecoveryConfig#natsStartWait()}) for NATS and the stream, then goes on without them:
 *       commands commit and their events wait in the outbox until the broker comes;
 *   <li>the service's own wiring (its consumers of other contexts start in the background), then
 *       the gRPC server; health turns SERVING only now;
 *   <li>periodic jobs (each runs once at once: work missed while the service was down is caught
 *       up), and the health reporter ({@link DependencyHealth}).
 * </ol>
 *
 * <p>Health: {@code ""} is readiness, NOT_SERVING while the database is unreachable; {@value
 * dev.fieldops.grpc.ServerHealth#LIVENESS} is liveness; {@value #DATABASE_HEALTH}, {@value
 * #EVENTS_HEALTH}, {@value #EVENTS_HISTORY_HEALTH} and {@value #CONSUMER_HEALTH_PREFIX}{@code
 * <durable>} tell each dependency's state. A NATS outage never takes readiness away: RPCs still
 * succeed then (the outbox absorbs the outage).
 *
 * <p>Shutdown: health NOT_SERVING, stop accepting, drain in-flight calls within the grace, then
 * close the health reporter, jobs, consumers, the service's resources, the relay (drains
 * outstanding acknowledgements), the stream keeper, NATS, the database and the metrics endpoint.
 */
public final class ServiceRuntime implements AutoCloseable {

  /** Health service name that reflects whether events reach NATS. */
  public static final String EVENTS_HEALTH = "fieldops.events";

  /** Health service name that reflects whether the database answers. */
  public static final String DATABASE_HEALTH = "fieldops.database";

  /**
   * Health service name that turns NOT_SERVING for a day after a reconciliation found events lost
   * for good (the broker lost them and the outbox no longer held them).
   */
  public static final String EVENTS_HISTORY_HEALTH = "fieldops.events.history";

  /** Health service name prefix of a consumer of another context's events: add its durable name. */
  public static final String CONSUMER_HEALTH_PREFIX = "fieldops.consumer.";

  private static final Logger LOG = LoggerFactory.getLogger(ServiceRuntime.class);

  private final GrpcServerRunner server;
  private final Infrastructure infrastructure;
  private final StreamKeeper keeper;

  private ServiceRuntime(
      GrpcServerRunner server, Infrastructure infrastructure, StreamKeeper keeper) {
    this.server = server;
    this.infrastructure = infrastructure;
    this.keeper = keeper;
  }

  /** Starts everything; on failure closes whatever had started and rethrows. */
  public static ServiceRuntime start(
      ServiceDescriptor descriptor, Map<String, String> env, Wiring wiring) throws Exception {
    return start(descriptor, env, wiring, List.of());
  }

  /**
   * Like {@link #start(ServiceDescriptor, Map, Wiring)}, every span of the process also handed to
   * {@code spanProcessors} (tests give an in-memory exporter's).
   */
  public static ServiceRuntime start(
      ServiceDescriptor descriptor,
      Map<String, String> env,
      Wiring wiring,
      List<? extends SpanProcessor> spanProcessors)
      throws Exception {
    Objects.requireNonNull(wiring, "wiring");
    var grpcConfig = GrpcServerConfig.fromEnvironment(env, descriptor.defaultPort());
    // TLS or explicit plaintext: refused before anything starts, not after the migrations.
    grpcConfig.transport().requireChosen();
    var authConfig = AuthConfig.fromEnvironment(env);
    var recovery = RecoveryConfig.fromEnvironment(env);
    var streamMode = StreamMode.fromEnvironment(env);
    // Everything the outbox still holds is compared with the stream after a loss. A stream the
    // operator owns (verify) is read message by message: the least-privilege identities
    // (deploy/nats/permissions.conf) may not create the ordered consumer that reads it faster.
    var relayConfig =
        RelayConfig.forStream(descriptor.stream().name(), descriptor.eventSource())
            .withRetention(recovery.outboxRetention())
            .withReconcileWindow(recovery.outboxRetention())
            .withStreamReading(
                streamMode == StreamMode.VERIFY
                    ? RelayConfig.StreamReading.SINGLE_MESSAGES
                    : RelayConfig.StreamReading.ORDERED_CONSUMER);
    // Each relay worker holds a pooled connection while its batch is out, and worker 0 a second
    // one to keep house: on top of the requests' share, or under write load the relay leaves
    // requests that many connections fewer (measured: CreateTicket at 64 callers, 419 calls/s
    // with 5 connections, 524 with the relay's added).
    var databaseConfig =
        DatabaseConfig.fromEnvironment(
            env,
            descriptor.defaultDatabase(),
            DatabaseConfig.defaultPoolSize() + relayConfig.workers() + 1);
    var schemaMode = SchemaMode.fromEnvironment(env);
    var natsConfig = NatsConfig.fromEnvironment(env, descriptor.serviceName());
    // The declared stream (name, subjects) with the operator's replicas and limits.
    var stream = StreamSettings.fromEnvironment(env).applyTo(descriptor.stream());
    var metricsConfig = MetricsConfig.fromEnvironment(env);

    // The largest single part of a start, on a thread of its own while the rest goes on.
    RequestRules requestRules =
        descriptor.apiSchemas().isEmpty()
            ? null
            : RequestRules.compileInBackground(descriptor.apiSchemas());

    List<AutoCloseable> started = new ArrayList<>();
    var steps = new StartupSteps();
    try {
      // First up, last down: every later part registers its meters here.
      Observability observability =
          Observability.start(metricsConfig, descriptor.serviceName(), env, spanProcessors);
      started.add(observability);
      steps.done("observability");
      var meters = observability.meterRegistry();
      var openTelemetry = observability.openTelemetry();
      List<MigrationSet> migrations = migrationSets(descriptor);
      Database database =
          Database.start(databaseConfig, migrations, schemaMode, meters, openTelemetry);
      started.add(database);
      steps.done("database");
      LOG.info(
          "database ready: {} migration sets {}",
          migrations.size(),
          schemaMode == SchemaMode.MIGRATE ? "applied" : "verified (or awaited)");

      TrackedConnection nats = NatsConnections.open(natsConfig, EventTracing.of(openTelemetry));
      started.add(nats);
      StreamKeeper keeper =
          StreamKeeper.start(nats, stream, StreamKeeper.DEFAULT_CHECK_INTERVAL, streamMode);
      started.add(keeper);
      if (!keeper.awaitReady(recovery.natsStartWait())) {
        LOG.warn(
            "NATS or stream {} not ready after {} ({}): serving anyway; events wait in the"
                + " outbox until the broker comes (set {})",
            descriptor.stream().name(),
            recovery.natsStartWait(),
            keeper.status().detail(),
            NatsConfig.URL_VARIABLE);
      }
      steps.done("nats");
      var relayMetrics = RelayMetrics.forConfig(meters, relayConfig);
      OutboxRelay relay =
          OutboxRelay.start(database, nats, keeper, relayMetrics.observing(relayConfig));
      started.add(relay);
      relayMetrics.bind(relay);

      var infrastructure =
          new Infrastructure(
              descriptor,
              database,
              database.transactor(),
              relay.writer(),
              new IdempotentCommands(database.transactor(), new IdempotencyStore()),
              PageTokens.fromEnvironment(env),
              nats,
              // PostgreSQL keeps microseconds: a clock at that precision makes stored times
              // round-trip.
              Clock.tick(Clock.systemUTC(), java.time.Duration.ofNanos(1_000)),
              Map.copyOf(env),
              observability);
      Application application = wiring.wire(infrastructure);
      steps.done("wiring");
      application.consumers().ifPresent(consumers -> ConsumerMetrics.bind(meters, consumers));

      var builder =
          GrpcServerRunner.builder(grpcConfig, authConfig, descriptor.errorDomain())
              .translateFailures(SqlFailures::toDomainException)
              .configureServer(observability::configureServer)
              .methodPolicy(application.methodPolicy())
              .abuseLimits(AbuseLimits.fromEnvironment(env))
              .describeMessagesOf(descriptor.eventSchemas().toArray(FileDescriptor[]::new));
      if (requestRules != null) {
        builder.requestRules(requestRules);
      }
      for (BindableService service : application.services()) {
        builder.addService(service);
      }
      // Closed in reverse order after the calls have drained: health, jobs, consumers, resources,
      // relay, stream keeper, NATS, database.
      started.addAll(application.resources());
      application.consumers().ifPresent(started::add);
      var health = new DependencyHealth(database, relay, keeper, application.consumers(), recovery);
      List<AutoCloseable> toClose = new ArrayList<>(started);
      // Every service with consumers performs operators' retries of its parked events.
      List<PeriodicJob> allJobs = new ArrayList<>(application.jobs());
      application
          .consumers()
          .ifPresent(
              consumers ->
                  allJobs.add(DeadLetterRetries.job(descriptor, env, database, consumers)));
      var jobs = new PeriodicJobs(database.dataSource(), allJobs, openTelemetry);
      toClose.add(jobs);
      toClose.add(health);
      builder.onStop(toClose.toArray(AutoCloseable[]::new));
      GrpcServerRunner server = builder.build().start();
      started.clear();

      health.start(server.health());
      jobs.start();
      steps.done("grpc");
      LOG.info(
          "{} serving gRPC on port {}, {} ms after the process started ({})",
          descriptor.serviceName(),
          server.port(),
          StartupSteps.processUptimeMillis(),
          steps);
      return new ServiceRuntime(server, infrastructure, keeper);
    } catch (Exception | Error e) {
      closeAll(started);
      throw e;
    }
  }

  /** The migration sets of a context, in the order they run: the platform's, then its own. */
  public static List<MigrationSet> migrationSets(ServiceDescriptor descriptor) {
    List<MigrationSet> migrations =
        new ArrayList<>(List.of(IdempotencyStore.MIGRATIONS, Outbox.MIGRATIONS, Inbox.MIGRATIONS));
    migrations.addAll(descriptor.migrations());
    return List.copyOf(migrations);
  }

  private static void closeAll(List<AutoCloseable> started) {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        LOG.warn("closing {} after a failed start", started.get(i), e);
      }
    }
  }

  /** The bound gRPC port. */
  public int port() {
    return server.port();
  }

  public GrpcServerRunner server() {
    return server;
  }

  public Infrastructure infrastructure() {
    return infrastructure;
  }

  /**
   * Where the context's stream stands, with the reason when it is not ready (what health reports as
   * {@value #EVENTS_HEALTH} and, for a stream an operator must create or fix, readiness).
   */
  public StreamStatus streamStatus() {
    return keeper.status();
  }

  /** The process's metrics (registry, endpoint, OpenTelemetry SDK). */
  public Observability observability() {
    return infrastructure.observability();
  }

  /** Blocks until the server has terminated (after {@link #close()} or a shutdown signal). */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /** Graceful shutdown; see the class comment for the order. */
  @Override
  public void close() {
    server.close();
  }

  /**
   * Runs a service as a process: starts it, registers a shutdown hook (SIGTERM, Ctrl-C) that shuts
   * it down gracefully, and blocks until it has stopped. Exits with status 1 on a failed start.
   * With {@code FIELDOPS_MODE=migrate} it only migrates the database and exits ({@link
   * MigrateOnly}).
   */
  public static void run(ServiceDescriptor descriptor, Wiring wiring) {
    try {
      if (MigrateOnly.requested(System.getenv())) {
        System.exit(MigrateOnly.run(descriptor, System.getenv()));
        return;
      }
    } catch (IllegalArgumentException e) {
      System.err.println(descriptor.serviceName() + ": invalid configuration: " + e.getMessage());
      System.exit(1);
      return;
    }
    ServiceRuntime runtime;
    try {
      runtime = start(descriptor, System.getenv(), wiring);
    } catch (IllegalArgumentException e) {
      LOG.error("invalid configuration: {}", e.getMessage());
      System.err.println(descriptor.serviceName() + ": invalid configuration: " + e.getMessage());
      System.exit(1);
      return;
    } catch (IOException e) {
      LOG.error("cannot start {}", descriptor.serviceName(), e);
      System.err.println(descriptor.serviceName() + ": cannot start: " + e.getMessage());
      System.exit(1);
      return;
    } catch (Exception e) {
      LOG.error("cannot start {}", descriptor.serviceName(), e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime()
        .addShutdownHook(new Thread(runtime::close, descriptor.serviceName() + "-shutdown"));
    try {
      runtime.awaitTermination();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
