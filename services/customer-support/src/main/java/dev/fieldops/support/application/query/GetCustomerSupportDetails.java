package dev.fieldops.support.application.query;

import dev.fieldops.kernel.Principal;
import dev.fieldops.support.domain.customer.CustomerId;
import java.util.Objects;

/** Show a customer's support profile with what support should know before answering them. */
public record GetCustomerSupportDetails(Principal principal, CustomerId customerId) {

  public GetCustomerSupportDetails {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(customerId, "customerId");
  }
}
