package dev.fieldops.support.application.query;

import dev.fieldops.support.domain.customer.CustomerId;
import dev.fieldops.support.domain.ticket.Assignee;
import dev.fieldops.support.domain.ticket.TicketPriority;
import dev.fieldops.support.domain.ticket.TicketSnapshot;
import dev.fieldops.support.domain.ticket.TicketStatus;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which tickets a list shows. Every criterion is optional; an empty set means "any". The filter
 * narrows within the caller's scope, it never widens it: a customer filtering on another customer
 * gets an empty list.
 */
public record TicketFilter(
    Optional<CustomerId> customerId,
    Set<TicketStatus> statuses,
    Set<TicketPriority> priorities,
    Optional<Assignee> assignee) {

  public TicketFilter {
    Objects.requireNonNull(customerId, "customerId");
    statuses = statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
    priorities = priorities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(priorities));
    Objects.requireNonNull(assignee, "assignee");
  }

  public static TicketFilter any() {
    return new TicketFilter(Optional.empty(), Set.of(), Set.of(), Optional.empty());
  }

  public TicketFilter forCustomer(CustomerId customer) {
    return new TicketFilter(Optional.of(customer), statuses, priorities, assignee);
  }

  public TicketFilter withStatus(TicketStatus status) {
    return new TicketFilter(customerId, Set.of(status), priorities, assignee);
  }

  public TicketFilter withPriority(TicketPriority priority) {
    return new TicketFilter(customerId, statuses, Set.of(priority), assignee);
  }

  public TicketFilter assignedTo(Assignee staff) {
    return new TicketFilter(customerId, statuses, priorities, Optional.of(staff));
  }

  /** The filter as a predicate, for implementations that filter in memory. */
  public boolean matches(TicketSnapshot ticket) {
    return customerId.map(ticket.customerId()::equals).orElse(true)
        && (statuses.isEmpty() || statuses.contains(ticket.status()))
        && (priorities.isEmpty() || priorities.contains(ticket.priority()))
        && assignee.map(wanted -> ticket.assignee().equals(Optional.of(wanted))).orElse(true);
  }
}
