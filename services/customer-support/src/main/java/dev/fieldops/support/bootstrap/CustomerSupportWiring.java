package dev.fieldops.support.bootstrap;

import dev.fieldops.grpc.CallTrace;
import dev.fieldops.kernel.UuidV7;
import dev.fieldops.runtime.Application;
import dev.fieldops.runtime.Infrastructure;
import dev.fieldops.runtime.PeriodicJob;
import dev.fieldops.runtime.Wiring;
import dev.fieldops.support.adapter.grpc.CustomerSupportGrpcService;
import dev.fieldops.support.adapter.grpc.SupportHandlers;
import dev.fieldops.support.adapter.grpc.SupportMethodPolicy;
import dev.fieldops.support.adapter.nats.SupportEventMapper;
import dev.fieldops.support.adapter.postgres.JooqCustomerSupportDetailsRepository;
import dev.fieldops.support.adapter.postgres.JooqCustomerSupportQueries;
import dev.fieldops.support.adapter.postgres.JooqTicketNumberSequence;
import dev.fieldops.support.adapter.postgres.JooqTicketQueries;
import dev.fieldops.support.adapter.postgres.JooqTicketRepository;
import dev.fieldops.support.application.SupportAccess;
import dev.fieldops.support.application.command.AddTicketCommentHandler;
import dev.fieldops.support.application.command.AssignTicketHandler;
import dev.fieldops.support.application.command.CloseTicketHandler;
import dev.fieldops.support.application.command.CreateTicketHandler;
import dev.fieldops.support.application.command.DetectSlaBreaches;
import dev.fieldops.support.application.command.DetectSlaBreachesHandler;
import dev.fieldops.support.application.command.MarkTicketPendingHandler;
import dev.fieldops.support.application.command.ReopenTicketHandler;
import dev.fieldops.support.application.command.ResolveTicketHandler;
import dev.fieldops.support.application.command.ResumeTicketHandler;
import dev.fieldops.support.application.command.UpdateCustomerSupportDetailsHandler;
import dev.fieldops.support.application.command.UpdateTicketHandler;
import dev.fieldops.support.application.query.GetCustomerSupportDetailsHandler;
import dev.fieldops.support.application.query.GetTicketHandler;
import dev.fieldops.support.application.query.ListTicketCommentsHandler;
import dev.fieldops.support.application.query.ListTicketsHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds customer support from the platform's infrastructure: PostgreSQL adapters that write their
 * events to the outbox, the handlers, the gRPC service with its method policy, and the SLA breach
 * scan as a periodic job run as support's own automation.
 */
public final class CustomerSupportWiring implements Wiring {

  private static final Logger LOG = LoggerFactory.getLogger(CustomerSupportWiring.class);

  /** The name of the periodic SLA breach scan (also its advisory lock). */
  public static final String SLA_SCAN_JOB = "support-sla-breach-scan";

  @Override
  public Application wire(Infrastructure infra) {
    var config = CustomerSupportConfig.fromEnvironment(infra.env());
    // Microsecond ticks: what timestamptz keeps, so a time read back equals the time written.
    Clock clock = Clock.tick(infra.clock(), Duration.ofNanos(1000));
    var uuids = new UuidV7(clock);
    var dsl = infra.database().dsl();
    var tx = infra.transactor();
    var events = new SupportEventMapper(() -> CallTrace.current().flatMap(CallTrace::traceparent));

    var tickets = new JooqTicketRepository(dsl, tx, infra.outbox(), events);
    var ticketQueries = new JooqTicketQueries(dsl, tx);
    var numbers = new JooqTicketNumberSequence(dsl, tx);
    var customers = new JooqCustomerSupportDetailsRepository(dsl, tx, infra.outbox(), events);
    var customerQueries = new JooqCustomerSupportQueries(dsl, tx);
    var sla = config.slaPolicy();

    var handlers =
        new SupportHandlers(
            new GetCustomerSupportDetailsHandler(customerQueries),
            new UpdateCustomerSupportDetailsHandler(customers, customerQueries, clock, uuids::next),
            new CreateTicketHandler(tickets, customers, numbers, sla, clock, uuids::next),
            new GetTicketHandler(ticketQueries, clock),
            new ListTicketsHandler(ticketQueries, clock),
            new UpdateTicketHandler(tickets, sla, clock, uuids::next),
            new AddTicketCommentHandler(tickets, clock, uuids::next),
            new ListTicketCommentsHandler(ticketQueries),
            new AssignTicketHandler(tickets, clock, uuids::next),
            new MarkTicketPendingHandler(tickets, clock, uuids::next),
            new ResumeTicketHandler(tickets, clock, uuids::next),
            new ResolveTicketHandler(tickets, customers, clock, uuids::next),
            new CloseTicketHandler(tickets, clock, uuids::next),
            new ReopenTicketHandler(tickets, clock, uuids::next));
    var service =
        new CustomerSupportGrpcService(handlers, infra.idempotentCommands(), infra.pageTokens());

    var detectBreaches = new DetectSlaBreachesHandler(tickets, clock, uuids::next);
    var slaScan =
        new PeriodicJob(
            SLA_SCAN_JOB,
            config.slaScanInterval(),
            () -> {
              // Scan again at once while a batch came back full, so a backlog drains in one run.
              var command = new DetectSlaBreaches(SupportAccess.AUTOMATION, config.slaScanBatch());
              var scan = detectBreaches.handle(command);
              int recorded = scan.breaches().size();
              while (scan.moreMayRemain() && !scan.breaches().isEmpty()) {
                scan = detectBreaches.handle(command);
                recorded += scan.breaches().size();
              }
              if (recorded > 0) {
                LOG.info("recorded {} SLA breaches", recorded);
              }
            });

    return new Application(List.of(service), SupportMethodPolicy.create(), List.of(slaScan), List.of());
  }
}
