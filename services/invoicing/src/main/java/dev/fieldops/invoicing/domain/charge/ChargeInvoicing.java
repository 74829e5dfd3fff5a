package dev.fieldops.invoicing.domain.charge;

import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.invoice.Invoice;
import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.invoicing.domain.invoice.NewInvoiceLine;
import dev.fieldops.invoicing.domain.money.CurrencyCode;
import dev.fieldops.kernel.RuleViolationException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns claimed charges into a draft invoice: one line per charge, in the order claimed. */
public final class ChargeInvoicing {

  private ChargeInvoicing() {}

  /**
   * A new draft {@code invoiceId} for {@code customer} in {@code currency} whose lines bill {@code
   * claimed} (each line's id is its charge's id). No charges: {@code NO_UNBILLED_CHARGES}. Each
   * charge must already be billed to {@code invoiceId}, belong to the customer and be in the
   * currency — what {@link ChargeRepository#claimUnbilled} promises.
   */
  public static Invoice draftFrom(
      InvoiceId invoiceId,
      CustomerId customer,
      CurrencyCode currency,
      Optional<PaymentTerms> paymentTerms,
      List<ChargeSnapshot> claimed,
      Instant now) {
    if (claimed.isEmpty()) {
      throw new RuleViolationException(
          "NO_UNBILLED_CHARGES",
          "customer " + customer + " has no unbilled charges in " + currency,
          Map.of("customer_id", customer.value(), "currency_code", currency.code()));
    }
    Invoice draft = Invoice.createDraft(invoiceId, customer, currency, paymentTerms, now);
    for (int i = 0; i < claimed.size(); i++) {
      ChargeSnapshot charge = claimed.get(i);
      if (!charge.customerId().equals(customer)
          || !charge.details().unitPrice().currency().equals(currency)
          || !charge.billedInvoiceId().equals(Optional.of(invoiceId))) {
        throw new IllegalStateException(
            "charge " + charge.id() + " was not claimed for invoice " + invoiceId);
      }
      draft.addLine(
          charge.id().asLineId(), asNewLine(charge), "charges[" + i + "]", now);
    }
    return draft;
  }

  private static NewInvoiceLine asNewLine(ChargeSnapshot charge) {
    ChargeDetails details = charge.details();
    return new NewInvoiceLine(
        details.description(),
        details.quantity(),
        details.unitPrice(),
        details.taxRate(),
        Optional.of(details.sourceReference()));
  }
}
