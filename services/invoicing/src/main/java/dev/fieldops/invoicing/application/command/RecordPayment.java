package dev.fieldops.invoicing.application.command;

import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.invoicing.domain.invoice.PaymentReference;
import dev.fieldops.invoicing.domain.money.Money;
import dev.fieldops.kernel.Principal;
import java.util.Objects;
import java.util.Optional;

/** Record money received against an issued invoice. */
public record RecordPayment(
    Principal principal,
    InvoiceId invoiceId,
    Money amount,
    PaymentReference reference,
    Optional<Long> expectedVersion) {

  public RecordPayment {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(invoiceId, "invoiceId");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(expectedVersion, "expectedVersion");
  }
}
