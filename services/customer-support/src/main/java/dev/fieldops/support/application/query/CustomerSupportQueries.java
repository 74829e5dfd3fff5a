package dev.fieldops.support.application.query;

import dev.fieldops.support.domain.customer.CustomerId;
import dev.fieldops.support.domain.customer.CustomerScope;
import java.util.Optional;

/** Reads the support read model of a customer. */
public interface CustomerSupportQueries {

  /**
   * The customer's overview, with at most {@code recentTicketLimit} recent tickets (most recently
   * updated first, ties by ticket id descending); empty when the customer has no support profile or
   * lies outside {@code scope}. The ticket figures reflect every committed ticket change.
   */
  Optional<CustomerSupportOverview> findOverview(
      CustomerId customerId, CustomerScope scope, int recentTicketLimit);
}
