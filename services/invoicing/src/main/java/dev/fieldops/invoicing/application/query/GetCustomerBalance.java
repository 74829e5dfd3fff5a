package dev.fieldops.invoicing.application.query;

import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.kernel.Principal;
import java.util.Objects;

/** What a customer owes and how much of it is overdue, per currency. */
public record GetCustomerBalance(Principal principal, CustomerId customerId) {

  public GetCustomerBalance {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(customerId, "customerId");
  }
}
