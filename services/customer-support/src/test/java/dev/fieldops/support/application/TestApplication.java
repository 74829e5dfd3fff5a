package dev.fieldops.support.application;

import dev.fieldops.support.application.command.AddTicketCommentHandler;
import dev.fieldops.support.application.command.AssignTicketHandler;
import dev.fieldops.support.application.command.CloseTicketHandler;
import dev.fieldops.support.application.command.CreateTicketHandler;
import dev.fieldops.support.application.command.DetectSlaBreachesHandler;
import dev.fieldops.support.application.command.EscalateTicketHandler;
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
import dev.fieldops.support.domain.sla.SlaPolicy;
import dev.fieldops.support.domain.ticket.TicketFixtures;
import dev.fieldops.support.testing.InMemorySupport;
import dev.fieldops.test.time.TestClock;
import dev.fieldops.support.testing.TestIds;

/**
 * Every handler wired to in-memory ports, a test clock and predictable ids: the composition root
 * of the service with the outside swapped for fakes.
 */
public final class TestApplication {

  public final InMemorySupport store = new InMemorySupport();
  public final TestClock clock = new TestClock(TicketFixtures.OPENED_AT);
  public final TestIds ids = new TestIds();
  public final SlaPolicy slaPolicy = SlaPolicy.defaults();

  public final CreateTicketHandler createTicket =
      new CreateTicketHandler(
          store.tickets, store.customers, store.ticketNumbers, slaPolicy, clock, ids);
  public final UpdateTicketHandler updateTicket =
      new UpdateTicketHandler(store.tickets, slaPolicy, clock, ids);
  public final AddTicketCommentHandler addComment =
      new AddTicketCommentHandler(store.tickets, clock, ids);
  public final AssignTicketHandler assignTicket = new AssignTicketHandler(store.tickets, clock, ids);
  public final MarkTicketPendingHandler markPending =
      new MarkTicketPendingHandler(store.tickets, clock, ids);
  public final ResumeTicketHandler resumeTicket = new ResumeTicketHandler(store.tickets, clock, ids);
  public final ResolveTicketHandler resolveTicket =
      new ResolveTicketHandler(store.tickets, store.customers, clock, ids);
  public final CloseTicketHandler closeTicket = new CloseTicketHandler(store.tickets, clock, ids);
  public final ReopenTicketHandler reopenTicket = new ReopenTicketHandler(store.tickets, clock, ids);
  public final UpdateCustomerSupportDetailsHandler updateCustomer =
      new UpdateCustomerSupportDetailsHandler(store.customers, store.customerQueries, clock, ids);
  public final DetectSlaBreachesHandler detectSlaBreaches =
      new DetectSlaBreachesHandler(store.tickets, clock, ids);
  public final EscalateTicketHandler escalateTicket =
      new EscalateTicketHandler(store.tickets, slaPolicy, clock, ids);

  public final GetTicketHandler getTicket = new GetTicketHandler(store.ticketQueries, clock);
  public final ListTicketsHandler listTickets = new ListTicketsHandler(store.ticketQueries, clock);
  public final ListTicketCommentsHandler listComments =
      new ListTicketCommentsHandler(store.ticketQueries);
  public final GetCustomerSupportDetailsHandler getCustomer =
      new GetCustomerSupportDetailsHandler(store.customerQueries);
}
