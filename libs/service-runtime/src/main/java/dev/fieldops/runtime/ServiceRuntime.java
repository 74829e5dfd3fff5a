package dev.fieldops.runtime;

import com.google.protobuf.Descriptors.FileDescriptor;
import dev.fieldops.grpc.GrpcServerConfig;
import dev.fieldops.grpc.GrpcServerRunner;
import dev.fieldops.grpc.auth.AuthConfig;
import dev.fieldops.jooq.Database;
import dev.fieldops.jooq.DatabaseConfig;
import dev.fieldops.jooq.IdempotencyStore;
import dev.fieldops.jooq.MigrationSet;
import dev.fieldops.jooq.PageTokens;
import dev.fieldops.nats.ConnectionState;
import dev.fieldops.nats.NatsConfig;
import dev.fieldops.nats.NatsConnections;
import dev.fieldops.nats.StreamProvisioner;
import dev.fieldops.nats.TrackedConnection;
import dev.fieldops.nats.inbox.Inbox;
import dev.fieldops.nats.outbox.Outbox;
import dev.fieldops.nats.outbox.OutboxRelay;
import dev.fieldops.nats.outbox.RelayConfig;
import io.grpc.BindableService;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
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
 *   <li>configuration from the environment (a bad value stops the start, naming the variable);
 *   <li>the database pool and migrations: the platform's (idempotency, outbox, inbox) then the
 *       service's;
 *   <li>NATS, the context's stream (created or updated), and the outbox relay;
 *   <li>the service's own wiring, then the gRPC server; health turns SERVING only now;
 *   <li>periodic jobs.
 * </ol>
 *
 * <p>Shutdown: health NOT_SERVING, stop accepting, drain in-flight calls within the grace, then
 * close jobs, the service's resources, the relay (drains outstanding acknowledgements), NATS and
 * the database. Besides the overall status, health reports {@value #EVENTS_HEALTH} as NOT_SERVING
 * while the relay cannot publish: RPCs still succeed then (the outbox absorbs the outage), so the
 * overall status stays SERVING.
 */
public final class ServiceRuntime implements AutoCloseable {

  /** Health service name that reflects whether events reach NATS. */
  public static final String EVENTS_HEALTH = "fieldops.events";

  private static final Logger LOG = LoggerFactory.getLogger(ServiceRuntime.class);

  private final GrpcServerRunner server;
  private final Infrastructure infrastructure;

  private ServiceRuntime(GrpcServerRunner server, Infrastructure infrastructure) {
    this.server = server;
    this.infrastructure = infrastructure;
  }

  /** Starts everything; on failure closes whatever had started and rethrows. */
  public static ServiceRuntime start(ServiceDescriptor descriptor, Map<String, String> env, Wiring wiring)
      throws Exception {
    Objects.requireNonNull(wiring, "wiring");
    var grpcConfig = GrpcServerConfig.fromEnvironment(env, descriptor.defaultPort());
    var authConfig = AuthConfig.fromEnvironment(env);
    var relayConfig = RelayConfig.forStream(descriptor.stream().name(), descriptor.eventSource());
    // Each relay worker holds a pooled connection while its batch is out, and worker 0 a second
    // one to keep house: on top of the requests' share, or under write load the relay leaves
    // requests that many connections fewer (measured: CreateTicket at 64 callers, 419 calls/s
    // with 5 connections, 524 with the relay's added).
    var databaseConfig = DatabaseConfig.fromEnvironment(env, descriptor.defaultDatabase(),
        DatabaseConfig.defaultPoolSize() + relayConfig.workers() + 1);
    var natsConfig = NatsConfig.fromEnvironment(env, descriptor.serviceName());

    List<AutoCloseable> started = new ArrayList<>();
    try {
      List<MigrationSet> migrations = new ArrayList<>(
          List.of(IdempotencyStore.MIGRATIONS, Outbox.MIGRATIONS, Inbox.MIGRATIONS));
      migrations.addAll(descriptor.migrations());
      Database database = Database.start(databaseConfig, migrations);
      started.add(database);
      LOG.info("database ready: {} migration sets applied", migrations.size());

      TrackedConnection nats = NatsConnections.connect(natsConfig);
      started.add(nats);
      var outcome = new StreamProvisioner(nats).provision(descriptor.stream());
      LOG.info("stream {}: {}", descriptor.stream().name(), outcome);
      OutboxRelay relay = OutboxRelay.start(database, nats, relayConfig);
      started.add(relay);

      var infrastructure = new Infrastructure(
          descriptor,
          database,
          database.transactor(),
          relay.writer(),
          new IdempotentCommands(database.transactor(), new IdempotencyStore()),
          PageTokens.fromEnvironment(env),
          nats,
          // PostgreSQL keeps microseconds: a clock at that precision makes stored times round-trip.
          Clock.tick(Clock.systemUTC(), java.time.Duration.ofNanos(1_000)),
          Map.copyOf(env));
      Application application = wiring.wire(infrastructure);

      var builder = GrpcServerRunner.builder(grpcConfig, authConfig, descriptor.errorDomain())
          .methodPolicy(application.methodPolicy())
          .describeMessagesOf(descriptor.eventSchemas().toArray(FileDescriptor[]::new));
      for (BindableService service : application.services()) {
        builder.addService(service);
      }
      // Closed in reverse order after the calls have drained: jobs, resources, relay, NATS, database.
      List<AutoCloseable> toClose = new ArrayList<>(started);
      toClose.addAll(application.resources());
      var jobs = new PeriodicJobs(database.dataSource(), application.jobs());
      toClose.add(jobs);
      builder.onStop(toClose.toArray(AutoCloseable[]::new));
      GrpcServerRunner server = builder.build().start();
      started.clear();

      reportEvents(server, nats, relay);
      server.markServing();
      LOG.info("{} serving gRPC on port {}", descriptor.serviceName(), server.port());
      return new ServiceRuntime(server, infrastructure);
    } catch (Exception | Error e) {
      closeAll(started);
      throw e;
    }
  }

  private static void reportEvents(GrpcServerRunner server, TrackedConnection nats, OutboxRelay relay) {
    Runnable update = () -> server.health().setStatus(EVENTS_HEALTH,
        nats.state() == ConnectionState.CONNECTED && relay.state().running()
            ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
    update.run();
    nats.addStateListener(state -> update.run());
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
   */
  public static void run(ServiceDescriptor descriptor, Wiring wiring) {
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
    Runtime.getRuntime().addShutdownHook(new Thread(runtime::close, descriptor.serviceName() + "-shutdown"));
    try {
      runtime.awaitTermination();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
