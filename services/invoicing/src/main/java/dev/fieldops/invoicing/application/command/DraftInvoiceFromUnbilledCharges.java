package dev.fieldops.invoicing.application.command;

import dev.fieldops.invoicing.domain.charge.ChargeSelection;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.money.CurrencyCode;
import dev.fieldops.kernel.IdempotentCommand;
import dev.fieldops.kernel.Principal;
import java.util.Objects;
import java.util.Optional;

/**
 * Turn unbilled charges into a new draft invoice: a customer's charges in one currency, all of
 * them, those before a cut-off, or exactly the ones chosen ({@link ChargeSelection}).
 */
public record DraftInvoiceFromUnbilledCharges(
    Principal principal, ChargeSelection selection, Optional<PaymentTerms> paymentTerms)
    implements IdempotentCommand {

  public DraftInvoiceFromUnbilledCharges {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(selection, "selection");
    Objects.requireNonNull(paymentTerms, "paymentTerms");
  }

  /** Every unbilled charge of {@code customerId} in {@code currency}. */
  public DraftInvoiceFromUnbilledCharges(
      Principal principal,
      CustomerId customerId,
      CurrencyCode currency,
      Optional<PaymentTerms> paymentTerms) {
    this(principal, ChargeSelection.everyCharge(customerId, currency), paymentTerms);
  }
}
