package dev.fieldops.invoicing.application.query;

import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.kernel.Principal;
import java.util.Objects;

/** The payment terms a customer's invoices get when they are issued now. */
public record GetCustomerPaymentTerms(Principal principal, CustomerId customerId) {

  public GetCustomerPaymentTerms {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(customerId, "customerId");
  }
}
