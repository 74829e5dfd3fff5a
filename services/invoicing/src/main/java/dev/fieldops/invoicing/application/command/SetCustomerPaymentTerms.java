package dev.fieldops.invoicing.application.command;

import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.Principal;
import java.util.Objects;

/**
 * Agree payment terms with a customer, for invoices issued from now on; {@code expectedVersion} is
 * the etag of the terms the caller saw, if it sent one.
 */
public record SetCustomerPaymentTerms(
    Principal principal,
    CustomerId customerId,
    PaymentTerms terms,
    ExpectedVersion expectedVersion) {

  public SetCustomerPaymentTerms {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(terms, "terms");
    Objects.requireNonNull(expectedVersion, "expectedVersion");
  }

  /** Unconditionally. */
  public SetCustomerPaymentTerms(Principal principal, CustomerId customerId, PaymentTerms terms) {
    this(principal, customerId, terms, ExpectedVersion.any());
  }
}
