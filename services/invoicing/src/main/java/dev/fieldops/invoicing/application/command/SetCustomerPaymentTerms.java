package dev.fieldops.invoicing.application.command;

import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.kernel.Principal;
import java.util.Objects;

/** Agree payment terms with a customer, for invoices issued from now on. */
public record SetCustomerPaymentTerms(Principal principal, CustomerId customerId, PaymentTerms terms) {

  public SetCustomerPaymentTerms {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(terms, "terms");
  }
}
