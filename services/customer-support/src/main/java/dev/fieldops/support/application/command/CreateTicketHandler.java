package dev.fieldops.support.application.command;

import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.Principal;
import dev.fieldops.support.application.query.TicketView;
import dev.fieldops.support.application.shared.SupportAccess;
import dev.fieldops.support.application.shared.SupportAction;
import dev.fieldops.support.domain.customer.CustomerScope;
import dev.fieldops.support.domain.customer.CustomerSupportDetails;
import dev.fieldops.support.domain.customer.CustomerSupportDetailsRepository;
import dev.fieldops.support.domain.customer.SupportTier;
import dev.fieldops.support.domain.ticket.SlaTargetsLookup;
import dev.fieldops.support.domain.ticket.Ticket;
import dev.fieldops.support.domain.ticket.TicketChannel;
import dev.fieldops.support.domain.ticket.TicketDraft;
import dev.fieldops.support.domain.ticket.TicketNumberSequence;
import dev.fieldops.support.domain.ticket.TicketRepository;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Opens a ticket. Support staff open tickets for any customer; a customer opens them only for
 * itself (for another customer id the answer is "customer not found") and never as a telemetry
 * alert ticket. The SLA targets come from the customer's current support tier; a customer without a
 * support profile is served as {@link SupportTier#BASIC}, since customers exist outside FieldOps
 * and may call before anyone wrote their profile.
 */
public final class CreateTicketHandler implements CommandHandler<CreateTicket, TicketView> {

  private final TicketRepository tickets;
  private final CustomerSupportDetailsRepository customers;
  private final TicketNumberSequence numbers;
  private final SlaTargetsLookup slaPolicy;
  private final TicketChanges changes;

  public CreateTicketHandler(
      TicketRepository tickets,
      CustomerSupportDetailsRepository customers,
      TicketNumberSequence numbers,
      SlaTargetsLookup slaPolicy,
      Clock clock,
      Supplier<UUID> ids) {
    this.tickets = tickets;
    this.customers = customers;
    this.numbers = numbers;
    this.slaPolicy = slaPolicy;
    this.changes = new TicketChanges(tickets, clock, ids);
  }

  @Override
  public TicketView handle(CreateTicket command) {
    var principal = command.principal();
    var draft = command.draft();
    authorize(principal, draft);
    var tier =
        customers
            .find(draft.customerId(), CustomerScope.unrestricted())
            .map(CustomerSupportDetails::supportTier)
            .orElse(SupportTier.forCustomerWithoutProfile());
    var context = changes.contextFor(principal);
    var ticket = Ticket.open(draft, tier, slaPolicy, numbers, context);
    tickets.add(ticket);
    return TicketView.of(ticket.snapshot(), context.now());
  }

  private static void authorize(Principal principal, TicketDraft draft) {
    var scope = SupportAccess.scopeOf(principal);
    if (!scope.permits(draft.customerId())) {
      throw NotFoundException.of("customer", draft.customerId().value());
    }
    SupportAccess.require(principal, SupportAction.OPEN_TICKET);
    if (draft.alertId().isPresent() || draft.channel() == TicketChannel.TELEMETRY_ALERT) {
      SupportAccess.require(principal, SupportAction.OPEN_ALERT_TICKET);
    }
  }
}
