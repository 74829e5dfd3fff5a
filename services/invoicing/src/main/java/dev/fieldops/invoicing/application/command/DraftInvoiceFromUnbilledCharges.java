package dev.fieldops.invoicing.application.command;

import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.money.CurrencyCode;
import dev.fieldops.kernel.Principal;
import java.util.Objects;
import java.util.Optional;

/** Turn a customer's unbilled charges in one currency into a new draft invoice. */
public record DraftInvoiceFromUnbilledCharges(
    Principal principal,
    CustomerId customerId,
    CurrencyCode currency,
    Optional<PaymentTerms> paymentTerms) {

  public DraftInvoiceFromUnbilledCharges {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(paymentTerms, "paymentTerms");
  }
}
