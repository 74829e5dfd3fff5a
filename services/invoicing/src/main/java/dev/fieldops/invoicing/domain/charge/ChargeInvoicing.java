package dev.fieldops.invoicing.domain.charge;

import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.invoice.Invoice;
import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.invoicing.domain.invoice.NewInvoiceLine;
import dev.fieldops.kernel.RuleViolationException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns claimed charges into a draft invoice: one line per charge, in the order claimed. */
public final class ChargeInvoicing {

  private ChargeInvoicing() {}

  /**
   * A new draft {@code invoiceId} for the selection's customer in its currency whose lines bill
   * {@code claimed} (each line's id is its charge's id, and names the charge). No charges: {@code
   * NO_UNBILLED_CHARGES}. Each charge must already be billed to {@code invoiceId} and otherwise be
   * covered by {@code selection} — what {@link ChargeRepository#claimUnbilled} and {@link
   * ChargeRepository#billChosen} promise.
   */
  public static Invoice draftFrom(
      InvoiceId invoiceId,
      ChargeSelection selection,
      Optional<PaymentTerms> paymentTerms,
      List<ChargeSnapshot> claimed,
      Instant now) {
    if (claimed.isEmpty()) {
      Map<String, String> metadata = new HashMap<>();
      metadata.put("customer_id", selection.customer().value());
      metadata.put("currency_code", selection.currency().code());
      selection
          .occurredBefore()
          .ifPresent(cutOff -> metadata.put("occur_before", cutOff.toString()));
      throw new RuleViolationException(
          "NO_UNBILLED_CHARGES",
          "customer "
              + selection.customer()
              + " has no unbilled charges in "
              + selection.currency()
              + selection
                  .occurredBefore()
                  .map(cutOff -> " that occurred before " + cutOff)
                  .orElse(""),
          metadata);
    }
    Invoice draft =
        Invoice.createDraft(
            invoiceId, selection.customer(), selection.currency(), paymentTerms, now);
    for (int i = 0; i < claimed.size(); i++) {
      ChargeSnapshot charge = claimed.get(i);
      ChargeSnapshot asBeforeTheClaim =
          new ChargeSnapshot(
              charge.id(),
              charge.details(),
              charge.recordTime(),
              Optional.empty(),
              charge.version());
      if (!charge.billedInvoiceId().equals(Optional.of(invoiceId))
          || !selection.covers(asBeforeTheClaim)) {
        throw new IllegalStateException(
            "charge " + charge.id() + " was not claimed for invoice " + invoiceId);
      }
      draft.addLine(charge.id().asLineId(), asNewLine(charge), "charges[" + i + "]", now);
    }
    return draft;
  }

  private static NewInvoiceLine asNewLine(ChargeSnapshot charge) {
    ChargeDetails details = charge.details();
    return new NewInvoiceLine(
        details.description(),
        details.quantity(),
        details.unit(),
        details.unitPrice(),
        details.taxRate(),
        Optional.of(details.sourceReference()),
        Optional.of(charge.id().value()));
  }
}
