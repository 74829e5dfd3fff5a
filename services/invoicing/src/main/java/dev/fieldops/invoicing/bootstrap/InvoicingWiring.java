package dev.fieldops.invoicing.bootstrap;

import dev.fieldops.invoicing.adapter.grpc.InvoicingGrpcService;
import dev.fieldops.invoicing.adapter.grpc.InvoicingMethodPolicy;
import dev.fieldops.invoicing.adapter.nats.DeviceMonitoringConsumer;
import dev.fieldops.invoicing.adapter.nats.InvoicingEventMapper;
import dev.fieldops.invoicing.adapter.nats.SupportChargesConsumer;
import dev.fieldops.invoicing.adapter.postgres.JooqChargeRepository;
import dev.fieldops.invoicing.adapter.postgres.JooqInvoiceFigures;
import dev.fieldops.invoicing.adapter.postgres.JooqInvoiceNumberSeries;
import dev.fieldops.invoicing.adapter.postgres.JooqInvoiceQueries;
import dev.fieldops.invoicing.adapter.postgres.JooqInvoiceRepository;
import dev.fieldops.invoicing.adapter.postgres.JooqMonitoredDeviceRepository;
import dev.fieldops.invoicing.adapter.postgres.JooqPaymentTermsRepository;
import dev.fieldops.invoicing.application.InvoicingApplication;
import dev.fieldops.invoicing.application.command.MarkOverdueInvoicesJob;
import dev.fieldops.invoicing.application.command.MonthlyMonitoringJob;
import dev.fieldops.invoicing.application.shared.InvoicingAccess;
import dev.fieldops.invoicing.domain.event.DomainEvent;
import dev.fieldops.invoicing.v1.InvoicingServiceGrpc;
import dev.fieldops.jooq.Transactor;
import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.UuidV7;
import dev.fieldops.nats.EventTracing;
import dev.fieldops.nats.inbox.ConsumerSupervisor;
import dev.fieldops.nats.inbox.DeadLetterRetention;
import dev.fieldops.nats.outbox.OutboxEncoder;
import dev.fieldops.runtime.Application;
import dev.fieldops.runtime.CommandMetrics;
import dev.fieldops.runtime.Infrastructure;
import dev.fieldops.runtime.PeriodicJob;
import dev.fieldops.runtime.TransactionalCommands;
import dev.fieldops.runtime.Wiring;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The composition root of invoicing: every adapter and handler, built with plain constructors over
 * the platform's infrastructure, plus the overdue scheduler, the monthly monitoring billing and the
 * consumers of customer-support's and telemetry's events. Tests pass their own clock; otherwise the
 * system clock is used, ticking in microseconds like PostgreSQL's timestamps so that what is stored
 * reads back equal.
 */
public final class InvoicingWiring implements Wiring {

  /** The job that flags overdue invoices, run on one instance at a time. */
  public static final String OVERDUE_JOB = "invoicing-mark-overdue";

  /** Who the overdue scheduler acts as: the invoicing service itself. */
  public static final Principal SCHEDULER =
      new Principal.Service("invoicing-overdue-scheduler", InvoicingAccess.OWN_CONTEXT);

  /**
   * The job that bills monitoring: every started month of every device not billed yet, so months in
   * which invoicing never ran are caught up.
   */
  public static final String MONTHLY_MONITORING_JOB = "invoicing-monthly-monitoring";

  /** Who the event consumers and the monitoring job act as: the invoicing service itself. */
  public static final Principal CONSUMER =
      new Principal.Service("invoicing", InvoicingAccess.OWN_CONTEXT);

  private final Optional<Clock> clock;

  /** Production wiring: the system clock. */
  public InvoicingWiring() {
    this.clock = Optional.empty();
  }

  /** Wiring with a clock of the caller's (tests that move time). */
  public InvoicingWiring(Clock clock) {
    this.clock = Optional.of(clock);
  }

  @Override
  public Application wire(Infrastructure infrastructure) {
    InvoicingConfig config = InvoicingConfig.fromEnvironment(infrastructure.env());
    // The runtime's clock ticks in microseconds, as timestamptz keeps them.
    Clock time = clock.orElseGet(infrastructure::clock);
    UuidV7 ids = new UuidV7(time);
    Transactor transactor = infrastructure.transactor();
    OutboxEncoder<DomainEvent> events =
        new InvoicingEventMapper().withTraceparent(EventTracing::currentTraceparent);

    var invoices = new JooqInvoiceRepository(transactor, infrastructure.outbox(), events);
    var ports =
        new InvoicingApplication.Ports(
            invoices,
            new JooqInvoiceQueries(transactor),
            new JooqInvoiceNumberSeries(transactor),
            new JooqChargeRepository(transactor, infrastructure.outbox(), events),
            new JooqPaymentTermsRepository(transactor),
            new JooqMonitoredDeviceRepository(transactor));
    var transaction = new TransactionalCommands(transactor);
    var app =
        InvoicingApplication.create(
            ports,
            config.priceList(),
            config.defaultPaymentTerms(),
            time,
            ids::next,
            List.of(
                infrastructure.tracedCommands(),
                new CommandMetrics(infrastructure.observability().meterRegistry()),
                transaction));
    // The transaction outermost, idempotency inside it: the record commits with the effect.
    var once = infrastructure.idempotentCommands();
    var service =
        new InvoicingGrpcService(
            app,
            new InvoicingGrpcService.Idempotent(
                transaction.decorate(
                    once.decorate(
                        InvoicingServiceGrpc.getCreateInvoiceMethod().getFullMethodName(),
                        app.createInvoice(),
                        InvoicingGrpcService::createInvoiceResponse)),
                transaction.decorate(
                    once.decorate(
                        InvoicingServiceGrpc.getAddInvoiceLineMethod().getFullMethodName(),
                        app.addInvoiceLine(),
                        InvoicingGrpcService::addInvoiceLineResponse)),
                transaction.decorate(
                    once.decorate(
                        InvoicingServiceGrpc.getRecordPaymentMethod().getFullMethodName(),
                        app.recordPayment(),
                        InvoicingGrpcService::recordPaymentResponse)),
                transaction.decorate(
                    once.decorate(
                        InvoicingServiceGrpc.getRecordUnbilledChargeMethod().getFullMethodName(),
                        app.recordUnbilledCharge(),
                        InvoicingGrpcService::recordUnbilledChargeResponse)),
                transaction.decorate(
                    once.decorate(
                        InvoicingServiceGrpc.getDraftInvoiceFromUnbilledChargesMethod()
                            .getFullMethodName(),
                        app.draftFromUnbilledCharges(),
                        InvoicingGrpcService::draftFromUnbilledChargesResponse))),
            infrastructure.pageTokens());

    var overdueScan =
        new PeriodicJob(
            OVERDUE_JOB,
            config.overdueScanInterval(),
            new MarkOverdueInvoicesJob(
                app.markOverdueInvoices(), SCHEDULER, config.overdueBatchSize()));
    var monitoring = app.deviceMonitoring();
    var monthlyMonitoring =
        new PeriodicJob(
            MONTHLY_MONITORING_JOB,
            config.monitoringChargeInterval(),
            new MonthlyMonitoringJob(monitoring, CONSUMER));

    // Other contexts' streams may not exist yet: each consumer starts in the background.
    var deadLetters = DeadLetterRetention.fromEnvironment(infrastructure.env());
    var consumers =
        ConsumerSupervisor.start(
            infrastructure.database(),
            infrastructure.nats(),
            List.of(
                new ConsumerSupervisor.Definition<>(
                    SupportChargesConsumer.spec(deadLetters),
                    SupportChargesConsumer.decoder(),
                    new SupportChargesConsumer(app.chargeTicketResolution(), CONSUMER)),
                new ConsumerSupervisor.Definition<>(
                    DeviceMonitoringConsumer.spec(deadLetters),
                    DeviceMonitoringConsumer.decoder(),
                    new DeviceMonitoringConsumer(monitoring, CONSUMER))));

    return new Application(
        List.of(service),
        InvoicingMethodPolicy.create(),
        List.of(
            overdueScan,
            monthlyMonitoring,
            new InvoicingFigures(
                    infrastructure.observability().meterRegistry(),
                    new JooqInvoiceFigures(transactor))
                .job(infrastructure.env())),
        List.of(),
        consumers);
  }
}
