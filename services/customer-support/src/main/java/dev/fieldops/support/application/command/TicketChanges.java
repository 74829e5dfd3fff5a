package dev.fieldops.support.application.command;

import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.Stamp;
import dev.fieldops.support.application.query.TicketView;
import dev.fieldops.support.application.shared.SupportAccess;
import dev.fieldops.support.application.shared.SupportAction;
import dev.fieldops.support.domain.customer.CustomerScope;
import dev.fieldops.support.domain.shared.ChangeContext;
import dev.fieldops.support.domain.ticket.Ticket;
import dev.fieldops.support.domain.ticket.TicketId;
import dev.fieldops.support.domain.ticket.TicketRepository;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/** The steps every ticket command shares: authorize, load in scope, check the etag, change. */
final class TicketChanges {

  private final TicketRepository tickets;
  private final Clock clock;
  private final Supplier<UUID> ids;

  TicketChanges(TicketRepository tickets, Clock clock, Supplier<UUID> ids) {
    this.tickets = Objects.requireNonNull(tickets, "tickets");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = Objects.requireNonNull(ids, "ids");
  }

  /** One instant for the whole command, so all its events share the same time. */
  ChangeContext contextFor(Principal principal) {
    return new ChangeContext(SupportAccess.actorOf(principal), Stamp.of(clock.instant(), ids));
  }

  /**
   * The scope in which the principal may perform the action on the ticket. A customer asking for
   * something it may not do learns that the ticket is not found if it is another customer's, and
   * that the action is denied only if the ticket is its own.
   */
  CustomerScope authorize(Principal principal, SupportAction action, TicketId ticketId) {
    var scope = SupportAccess.scopeOf(principal);
    if (!SupportAccess.permits(principal, action)) {
      tickets.find(ticketId, scope).orElseThrow(() -> Ticket.notFound(ticketId));
      throw SupportAccess.denied(principal, action);
    }
    return scope;
  }

  /** Authorizes, then applies {@code change} to the ticket in one repository transaction. */
  TicketView apply(
      Principal principal,
      SupportAction action,
      TicketId ticketId,
      ExpectedVersion expectedVersion,
      BiConsumer<Ticket, ChangeContext> change) {
    var scope = authorize(principal, action, ticketId);
    var context = contextFor(principal);
    var changed =
        tickets.update(
            ticketId,
            scope,
            ticket -> {
              expectedVersion.requireCurrent(ticket.revision(), "ticket", ticket.id().toString());
              change.accept(ticket, context);
            });
    return TicketView.of(changed.snapshot(), context.now());
  }

  TicketRepository tickets() {
    return tickets;
  }
}
