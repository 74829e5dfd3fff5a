package dev.fieldops.invoicing.application.command;

import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.invoicing.domain.invoice.PaymentReference;
import dev.fieldops.invoicing.domain.money.Money;
import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.IdempotentCommand;
import dev.fieldops.kernel.Principal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Record money received against an issued invoice.
 *
 * @param receiveTime when the money arrived; empty means "now, as it is recorded"
 */
public record RecordPayment(
    Principal principal,
    InvoiceId invoiceId,
    Money amount,
    PaymentReference reference,
    Optional<Instant> receiveTime,
    ExpectedVersion expectedVersion)
    implements IdempotentCommand {

  public RecordPayment {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(invoiceId, "invoiceId");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(receiveTime, "receiveTime");
    Objects.requireNonNull(expectedVersion, "expectedVersion");
  }
}
