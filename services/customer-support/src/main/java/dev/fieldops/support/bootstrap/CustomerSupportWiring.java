package dev.fieldops.support.bootstrap;

import dev.fieldops.grpc.auth.AuthConfig;
import dev.fieldops.grpc.auth.DevKeys;
import dev.fieldops.grpc.auth.TokenMinter;
import dev.fieldops.kernel.UuidV7;
import dev.fieldops.nats.EventTracing;
import dev.fieldops.nats.inbox.ConsumerSupervisor;
import dev.fieldops.runtime.Application;
import dev.fieldops.runtime.CommandMetrics;
import dev.fieldops.runtime.Infrastructure;
import dev.fieldops.runtime.PeriodicJob;
import dev.fieldops.runtime.TransactionalCommands;
import dev.fieldops.runtime.Wiring;
import dev.fieldops.support.adapter.grpc.CustomerSupportGrpcService;
import dev.fieldops.support.adapter.grpc.ServiceToken;
import dev.fieldops.support.adapter.grpc.SupportMethodPolicy;
import dev.fieldops.support.adapter.grpc.TelemetryDeviceDirectory;
import dev.fieldops.support.adapter.nats.AlertTicketConsumer;
import dev.fieldops.support.adapter.nats.SupportConsumers;
import dev.fieldops.support.adapter.nats.SupportEventMapper;
import dev.fieldops.support.adapter.postgres.JooqActiveAlerts;
import dev.fieldops.support.adapter.postgres.JooqCustomerSupportDetailsRepository;
import dev.fieldops.support.adapter.postgres.JooqCustomerSupportQueries;
import dev.fieldops.support.adapter.postgres.JooqInvoiceStandings;
import dev.fieldops.support.adapter.postgres.JooqPendingEnrichments;
import dev.fieldops.support.adapter.postgres.JooqTicketFigures;
import dev.fieldops.support.adapter.postgres.JooqTicketNumberSequence;
import dev.fieldops.support.adapter.postgres.JooqTicketQueries;
import dev.fieldops.support.adapter.postgres.JooqTicketRepository;
import dev.fieldops.support.adapter.postgres.TicketCache;
import dev.fieldops.support.application.CustomerSupportApplication;
import dev.fieldops.support.application.command.DetectSlaBreachesJob;
import dev.fieldops.support.application.event.AccountStandingProjection;
import dev.fieldops.support.application.event.ActiveAlertsProjection;
import dev.fieldops.support.application.event.AlertTicketHandler;
import dev.fieldops.support.application.event.EnrichAlertTicketHandler;
import dev.fieldops.support.application.event.EnrichDueTicketsJob;
import dev.fieldops.support.application.shared.SupportAccess;
import dev.fieldops.support.domain.ticket.TicketId;
import io.opentelemetry.context.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds customer support from the platform's infrastructure: PostgreSQL adapters that write their
 * events to the outbox, the handlers, the gRPC service with its method policy, the SLA breach scan,
 * and support's reactions to the other contexts — the consumers of telemetry's alerts and
 * invoicing's invoices (started in the background, since those streams may not exist yet), the
 * telemetry client that describes an alert ticket's device after the ticket is stored, and the job
 * that retries those descriptions. The runtime performs operators' retries of parked events and
 * reports the consumers' health, as for every service with consumers.
 */
public final class CustomerSupportWiring implements Wiring {

  private static final Logger LOG = LoggerFactory.getLogger(CustomerSupportWiring.class);

  /** The name of the periodic SLA breach scan (also its advisory lock). */
  public static final String SLA_SCAN_JOB = "support-sla-breach-scan";

  /** The periodic retry of alert tickets still waiting for their device details. */
  public static final String ENRICHMENT_JOB = "support-ticket-enrichment";

  private static final int ENRICHMENT_BATCH = 50;
  private static final Duration SERVICE_TOKEN_LIFETIME = Duration.ofMinutes(15);

  private volatile ConsumerSupervisor consumers;

  @Override
  public Application wire(Infrastructure infra) {
    var config = CustomerSupportConfig.fromEnvironment(infra.env());
    var reactions = ReactionConfig.fromEnvironment(infra.env());
    // With a client certificate (mutual TLS) support is known to telemetry by it; a token, when
    // configured or minted, would decide instead.
    Optional<ServiceToken> telemetryToken =
        reactions.telemetryToken().isEmpty()
                && reactions.telemetryTransport().certificateFile().isPresent()
            ? Optional.empty()
            : Optional.of(serviceToken(infra.env(), reactions));
    // The runtime's clock ticks in microseconds: what timestamptz keeps, so a time read back
    // equals the time written.
    Clock clock = infra.clock();
    var uuids = new UuidV7(clock);
    var dsl = infra.database().dsl();
    var tx = infra.transactor();
    var transaction = new TransactionalCommands(tx);
    var events = new SupportEventMapper().withTraceparent(EventTracing::currentTraceparent);

    var ticketCache =
        TicketCache.start(
                config.ticketCacheSize(), config.ticketCacheServes(), infra.database().config())
            .registerMeters(infra.observability().meterRegistry());
    var tickets = new JooqTicketRepository(dsl, tx, infra.outbox(), events, ticketCache);
    var ticketQueries = new JooqTicketQueries(dsl, tx, ticketCache);
    var numbers = new JooqTicketNumberSequence(dsl, tx);
    var customers = new JooqCustomerSupportDetailsRepository(dsl, tx, infra.outbox(), events);
    var customerQueries = new JooqCustomerSupportQueries(dsl, tx);
    var sla = config.slaPolicy();

    var app =
        CustomerSupportApplication.create(
            new CustomerSupportApplication.Ports(
                tickets, ticketQueries, numbers, customers, customerQueries),
            sla,
            clock,
            uuids::next,
            List.of(
                infra.tracedCommands(),
                new CommandMetrics(infra.observability().meterRegistry()),
                transaction));
    // The transaction outermost, idempotency inside it: the record commits with the effect.
    var once = infra.idempotentCommands();
    var service =
        new CustomerSupportGrpcService(
            app,
            new CustomerSupportGrpcService.Idempotent(
                transaction.decorate(
                    once.decorate(
                        CustomerSupportGrpcService.CREATE_TICKET,
                        app.createTicket(),
                        CustomerSupportGrpcService::createTicketResponse)),
                transaction.decorate(
                    once.decorate(
                        CustomerSupportGrpcService.ADD_TICKET_COMMENT,
                        CustomerSupportGrpcService.addTicketCommentWithTicket(app),
                        CustomerSupportGrpcService::addTicketCommentResponse))),
            infra.pageTokens());

    var slaScan =
        new PeriodicJob(
            SLA_SCAN_JOB,
            config.slaScanInterval(),
            new DetectSlaBreachesJob(app.detectSlaBreaches(), config.slaScanBatch()));

    // ---------------------------------------------------------------- reactions

    var telemetry =
        TelemetryDeviceDirectory.connect(
            reactions.telemetryAddress(),
            reactions.telemetryTransport(),
            telemetryToken,
            reactions.telemetryDeadline(),
            infra.observability()::configureChannel);
    var pendingEnrichments = new JooqPendingEnrichments(dsl, tx);
    var enrich =
        new EnrichAlertTicketHandler(
            pendingEnrichments,
            telemetry,
            ticketQueries,
            app.addTicketComment(),
            reactions.enrichmentRetry(),
            clock,
            transaction);
    // Describing a device right after its ticket commits: off the consumer's thread, two at a time,
    // in the trace of the event that opened the ticket.
    ExecutorService describeNow =
        Context.taskWrapping(
            Executors.newFixedThreadPool(
                2, Thread.ofVirtual().name("ticket-enrichment-", 0).factory()));
    var alertTickets =
        new AlertTicketHandler(
            app.createTicket(),
            app.escalateTicket(),
            app.addTicketComment(),
            ticketQueries,
            pendingEnrichments,
            reactions.enrichmentRetry());
    var retries = reactions.consumerRetries();
    var supervisor =
        ConsumerSupervisor.start(
            infra.database(),
            infra.nats(),
            List.of(
                SupportConsumers.alertTickets(
                    retries,
                    new AlertTicketConsumer(
                        alertTickets, tx, ticket -> describeSoon(describeNow, enrich, ticket))),
                SupportConsumers.activeAlerts(
                    retries, new ActiveAlertsProjection(new JooqActiveAlerts(tx))),
                SupportConsumers.accountStanding(
                    retries, new AccountStandingProjection(new JooqInvoiceStandings(tx)))));
    consumers = supervisor;

    var enrichment =
        new PeriodicJob(
            ENRICHMENT_JOB,
            reactions.enrichmentInterval(),
            new EnrichDueTicketsJob(enrich, ENRICHMENT_BATCH));

    AutoCloseable stopDescribing =
        () -> {
          describeNow.shutdownNow();
          describeNow.awaitTermination(3, TimeUnit.SECONDS);
        };
    // Closed in reverse: the consumers first (the runtime stops them before the resources), then
    // the describing in flight, then the channel. The runtime reports the consumers' health.
    return new Application(
        List.of(service),
        SupportMethodPolicy.create(),
        List.of(
            slaScan,
            enrichment,
            new SupportFigures(infra.observability().meterRegistry(), new JooqTicketFigures(dsl))
                .job(infra.env())),
        List.of(ticketCache, telemetry, stopDescribing),
        supervisor);
  }

  /** The consumers, for operators' tools and tests; null before {@link #wire}. */
  public ConsumerSupervisor consumers() {
    return consumers;
  }

  private static void describeSoon(
      ExecutorService executor, EnrichAlertTicketHandler enrich, TicketId ticket) {
    try {
      executor.execute(
          () -> {
            try {
              enrich.enrich(ticket);
            } catch (RuntimeException e) {
              // The marker stays; the periodic job tries again.
              LOG.warn("describing the device of ticket {} failed", ticket, e);
            }
          });
    } catch (RejectedExecutionException e) {
      LOG.debug("shutting down: ticket {} is described by the periodic job later", ticket);
    }
  }

  /**
   * The token for calls to telemetry: {@code TELEMETRY_TOKEN}, or one minted for support's
   * automation with the development key when tokens are verified with it.
   */
  static ServiceToken serviceToken(Map<String, String> env, ReactionConfig reactions) {
    if (reactions.telemetryToken().isPresent()) {
      return ServiceToken.fixed(reactions.telemetryToken().get());
    }
    var auth = AuthConfig.fromEnvironment(env);
    if (!(auth.keySource() instanceof AuthConfig.KeySource.DevKeyDir devKeys)) {
      throw new IllegalArgumentException(
          ReactionConfig.TELEMETRY_TOKEN
              + ": required when tokens are verified with AUTH_JWKS_URL or AUTH_PUBLIC_KEY_FILE"
              + " (support then has no key to mint its own service token)");
    }
    var minter =
        TokenMinter.forDevKeys(
            DevKeys.loadOrCreate(devKeys.directory()), auth.issuer(), auth.audience());
    return ServiceToken.minted(
        minter, SupportAccess.AUTOMATION, SERVICE_TOKEN_LIFETIME, Clock.systemUTC());
  }
}
