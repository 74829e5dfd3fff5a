package dev.fieldops.support.application;

import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.support.application.command.AddTicketComment;
import dev.fieldops.support.application.command.AssignTicket;
import dev.fieldops.support.application.command.CloseTicket;
import dev.fieldops.support.application.command.CreateTicket;
import dev.fieldops.support.application.command.DetectSlaBreachesHandler;
import dev.fieldops.support.application.command.EscalateTicket;
import dev.fieldops.support.application.command.MarkTicketPending;
import dev.fieldops.support.application.command.ReopenTicket;
import dev.fieldops.support.application.command.ResolveTicket;
import dev.fieldops.support.application.command.ResumeTicket;
import dev.fieldops.support.application.command.UpdateCustomerSupportDetails;
import dev.fieldops.support.application.command.UpdateTicket;
import dev.fieldops.support.application.query.CustomerSupportDetailsView;
import dev.fieldops.support.application.query.GetCustomerSupportDetailsHandler;
import dev.fieldops.support.application.query.GetTicketHandler;
import dev.fieldops.support.application.query.ListTicketCommentsHandler;
import dev.fieldops.support.application.query.ListTicketsHandler;
import dev.fieldops.support.application.query.TicketView;
import dev.fieldops.support.domain.sla.SlaPolicy;
import dev.fieldops.support.domain.ticket.TicketComment;
import dev.fieldops.support.domain.ticket.TicketFixtures;
import dev.fieldops.support.testing.InMemorySupport;
import dev.fieldops.support.testing.TestIds;
import dev.fieldops.test.time.TestClock;
import java.util.List;

/**
 * The service's {@link CustomerSupportApplication} over in-memory ports, a test clock and
 * predictable ids: the production graph with the outside swapped for fakes. The fields name the use
 * cases, for the tests' brevity.
 */
public final class TestApplication {

  public final InMemorySupport store = new InMemorySupport();
  public final TestClock clock = new TestClock(TicketFixtures.OPENED_AT);
  public final TestIds ids = new TestIds();
  public final SlaPolicy slaPolicy = SlaPolicy.defaults();

  /** The production graph over the fakes; the fakes' calls are atomic, no transaction needed. */
  public final CustomerSupportApplication application =
      CustomerSupportApplication.create(
          new CustomerSupportApplication.Ports(
              store.tickets,
              store.ticketQueries,
              store.ticketNumbers,
              store.customers,
              store.customerQueries),
          slaPolicy,
          clock,
          ids,
          List.of());

  public final CommandHandler<CreateTicket, TicketView> createTicket = application.createTicket();
  public final CommandHandler<UpdateTicket, TicketView> updateTicket = application.updateTicket();
  public final CommandHandler<AddTicketComment, TicketComment> addComment =
      application.addTicketComment();
  public final CommandHandler<AssignTicket, TicketView> assignTicket = application.assignTicket();
  public final CommandHandler<MarkTicketPending, TicketView> markPending =
      application.markTicketPending();
  public final CommandHandler<ResumeTicket, TicketView> resumeTicket = application.resumeTicket();
  public final CommandHandler<ResolveTicket, TicketView> resolveTicket =
      application.resolveTicket();
  public final CommandHandler<CloseTicket, TicketView> closeTicket = application.closeTicket();
  public final CommandHandler<ReopenTicket, TicketView> reopenTicket = application.reopenTicket();
  public final CommandHandler<UpdateCustomerSupportDetails, CustomerSupportDetailsView>
      updateCustomer = application.updateCustomerSupportDetails();
  public final DetectSlaBreachesHandler detectSlaBreaches = application.detectSlaBreaches();
  public final CommandHandler<EscalateTicket, TicketView> escalateTicket =
      application.escalateTicket();

  public final GetTicketHandler getTicket = application.getTicket();
  public final ListTicketsHandler listTickets = application.listTickets();
  public final ListTicketCommentsHandler listComments = application.listTicketComments();
  public final GetCustomerSupportDetailsHandler getCustomer =
      application.getCustomerSupportDetails();
}
