package dev.fieldops.support.application.command;

import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.support.application.query.TicketView;
import dev.fieldops.support.application.shared.SupportAction;
import dev.fieldops.support.domain.customer.CustomerScope;
import dev.fieldops.support.domain.customer.CustomerSupportDetails;
import dev.fieldops.support.domain.customer.CustomerSupportDetailsRepository;
import dev.fieldops.support.domain.customer.SupportTier;
import dev.fieldops.support.domain.ticket.Resolution;
import dev.fieldops.support.domain.ticket.Ticket;
import dev.fieldops.support.domain.ticket.TicketRepository;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Resolves a ticket. Support staff only. The customer's tier at this moment goes into {@code
 * TicketResolved} so that invoicing prices the billable minutes by the contract in force when the
 * work was done; it is read before the ticket's transaction (a tier change racing with a resolution
 * may go either way, both are correct).
 */
public final class ResolveTicketHandler implements CommandHandler<ResolveTicket, TicketView> {

  private final TicketChanges changes;
  private final CustomerSupportDetailsRepository customers;

  public ResolveTicketHandler(
      TicketRepository tickets,
      CustomerSupportDetailsRepository customers,
      Clock clock,
      Supplier<UUID> ids) {
    this.changes = new TicketChanges(tickets, clock, ids);
    this.customers = customers;
  }

  @Override
  public TicketView handle(ResolveTicket command) {
    var scope =
        changes.authorize(command.principal(), SupportAction.RESOLVE_TICKET, command.ticketId());
    var customer =
        changes
            .tickets()
            .find(command.ticketId(), scope)
            .orElseThrow(() -> Ticket.notFound(command.ticketId()))
            .customerId();
    var tierNow =
        customers
            .find(customer, CustomerScope.unrestricted())
            .map(CustomerSupportDetails::supportTier)
            .orElse(SupportTier.forCustomerWithoutProfile());
    var fix = new Resolution(command.resolution(), command.billableMinutes());
    return changes.apply(
        command.principal(),
        SupportAction.RESOLVE_TICKET,
        command.ticketId(),
        command.expectedVersion(),
        (ticket, context) -> ticket.resolve(fix, tierNow, context));
  }
}
