package dev.fieldops.support.application;

import dev.fieldops.kernel.CommandDecorator;
import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.support.application.command.AddTicketComment;
import dev.fieldops.support.application.command.AddTicketCommentHandler;
import dev.fieldops.support.application.command.AssignTicket;
import dev.fieldops.support.application.command.AssignTicketHandler;
import dev.fieldops.support.application.command.CloseTicket;
import dev.fieldops.support.application.command.CloseTicketHandler;
import dev.fieldops.support.application.command.CreateTicket;
import dev.fieldops.support.application.command.CreateTicketHandler;
import dev.fieldops.support.application.command.DetectSlaBreachesHandler;
import dev.fieldops.support.application.command.EscalateTicket;
import dev.fieldops.support.application.command.EscalateTicketHandler;
import dev.fieldops.support.application.command.MarkTicketPending;
import dev.fieldops.support.application.command.MarkTicketPendingHandler;
import dev.fieldops.support.application.command.RecordSlaBreachesHandler;
import dev.fieldops.support.application.command.ReopenTicket;
import dev.fieldops.support.application.command.ReopenTicketHandler;
import dev.fieldops.support.application.command.ResolveTicket;
import dev.fieldops.support.application.command.ResolveTicketHandler;
import dev.fieldops.support.application.command.ResumeTicket;
import dev.fieldops.support.application.command.ResumeTicketHandler;
import dev.fieldops.support.application.command.UpdateCustomerSupportDetails;
import dev.fieldops.support.application.command.UpdateCustomerSupportDetailsHandler;
import dev.fieldops.support.application.command.UpdateTicket;
import dev.fieldops.support.application.command.UpdateTicketHandler;
import dev.fieldops.support.application.query.CustomerSupportDetailsView;
import dev.fieldops.support.application.query.CustomerSupportQueries;
import dev.fieldops.support.application.query.GetCustomerSupportDetailsHandler;
import dev.fieldops.support.application.query.GetTicketHandler;
import dev.fieldops.support.application.query.ListTicketCommentsHandler;
import dev.fieldops.support.application.query.ListTicketsHandler;
import dev.fieldops.support.application.query.TicketQueries;
import dev.fieldops.support.application.query.TicketView;
import dev.fieldops.support.domain.customer.CustomerSupportDetailsRepository;
import dev.fieldops.support.domain.ticket.SlaTargetsLookup;
import dev.fieldops.support.domain.ticket.TicketComment;
import dev.fieldops.support.domain.ticket.TicketNumberSequence;
import dev.fieldops.support.domain.ticket.TicketRepository;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Every use case of customer support, built once from the ports: the production wiring and the
 * tests use this same graph, the first over PostgreSQL with the platform's decorators, the second
 * over in-memory fakes.
 *
 * <p>Each command an adapter or a reaction reaches is wrapped in the decorators given to {@link
 * #create}, the first outermost; production passes the transaction decorator, so a command's writes
 * commit together and the command is retried as a whole on a serialization failure, and a command
 * run by an event consumer joins the consumer's inbox transaction. The SLA breach scan is not
 * wrapped: it only reads, and changes ticket by ticket through a decorated per-ticket command, each
 * ticket's breaches committing on their own.
 */
public record CustomerSupportApplication(
    GetCustomerSupportDetailsHandler getCustomerSupportDetails,
    CommandHandler<UpdateCustomerSupportDetails, CustomerSupportDetailsView>
        updateCustomerSupportDetails,
    CommandHandler<CreateTicket, TicketView> createTicket,
    GetTicketHandler getTicket,
    ListTicketsHandler listTickets,
    CommandHandler<UpdateTicket, TicketView> updateTicket,
    CommandHandler<AddTicketComment, TicketComment> addTicketComment,
    ListTicketCommentsHandler listTicketComments,
    CommandHandler<AssignTicket, TicketView> assignTicket,
    CommandHandler<MarkTicketPending, TicketView> markTicketPending,
    CommandHandler<ResumeTicket, TicketView> resumeTicket,
    CommandHandler<ResolveTicket, TicketView> resolveTicket,
    CommandHandler<CloseTicket, TicketView> closeTicket,
    CommandHandler<ReopenTicket, TicketView> reopenTicket,
    CommandHandler<EscalateTicket, TicketView> escalateTicket,
    DetectSlaBreachesHandler detectSlaBreaches) {

  /** The ports customer support's use cases run on. */
  public record Ports(
      TicketRepository tickets,
      TicketQueries ticketQueries,
      TicketNumberSequence ticketNumbers,
      CustomerSupportDetailsRepository customers,
      CustomerSupportQueries customerQueries) {

    public Ports {
      Objects.requireNonNull(tickets, "tickets");
      Objects.requireNonNull(ticketQueries, "ticketQueries");
      Objects.requireNonNull(ticketNumbers, "ticketNumbers");
      Objects.requireNonNull(customers, "customers");
      Objects.requireNonNull(customerQueries, "customerQueries");
    }
  }

  /**
   * The use cases over {@code ports}, with the SLA targets of each tier and priority, the clock and
   * ids of the caller, and its command decorators (first outermost).
   */
  public static CustomerSupportApplication create(
      Ports ports,
      SlaTargetsLookup slaPolicy,
      Clock clock,
      Supplier<UUID> ids,
      List<? extends CommandDecorator> decorators) {
    var chain = CommandDecorator.chain(decorators);
    var tickets = ports.tickets();
    var ticketQueries = ports.ticketQueries();
    var customers = ports.customers();
    return new CustomerSupportApplication(
        new GetCustomerSupportDetailsHandler(ports.customerQueries()),
        chain.decorate(
            new UpdateCustomerSupportDetailsHandler(
                customers, ports.customerQueries(), clock, ids)),
        chain.decorate(
            new CreateTicketHandler(
                tickets, customers, ports.ticketNumbers(), slaPolicy, clock, ids)),
        new GetTicketHandler(ticketQueries, clock),
        new ListTicketsHandler(ticketQueries, clock),
        chain.decorate(new UpdateTicketHandler(tickets, slaPolicy, clock, ids)),
        chain.decorate(new AddTicketCommentHandler(tickets, clock, ids)),
        new ListTicketCommentsHandler(ticketQueries),
        chain.decorate(new AssignTicketHandler(tickets, clock, ids)),
        chain.decorate(new MarkTicketPendingHandler(tickets, clock, ids)),
        chain.decorate(new ResumeTicketHandler(tickets, clock, ids)),
        chain.decorate(new ResolveTicketHandler(tickets, customers, clock, ids)),
        chain.decorate(new CloseTicketHandler(tickets, clock, ids)),
        chain.decorate(new ReopenTicketHandler(tickets, clock, ids)),
        chain.decorate(new EscalateTicketHandler(tickets, slaPolicy, clock, ids)),
        new DetectSlaBreachesHandler(
            tickets, clock, chain.decorate(new RecordSlaBreachesHandler(tickets, clock, ids))));
  }
}
