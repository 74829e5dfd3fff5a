package dev.fieldops.invoicing.domain.charge;

import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.invoicing.domain.money.Money;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of a charge at one version, immutable: what the repository stores and queries return.
 *
 * @param billedInvoiceId the invoice the charge went onto; empty while unbilled
 */
public record ChargeSnapshot(
    ChargeId id,
    ChargeDetails details,
    Instant recordTime,
    Optional<InvoiceId> billedInvoiceId,
    long version) {

  public ChargeSnapshot {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(details, "details");
    Objects.requireNonNull(recordTime, "recordTime");
    Objects.requireNonNull(billedInvoiceId, "billedInvoiceId");
    if (version < 1) {
      throw new IllegalArgumentException("versions start at 1: " + version);
    }
  }

  public CustomerId customerId() {
    return details.customerId();
  }

  public Money amount() {
    return details.amount();
  }

  public boolean billed() {
    return billedInvoiceId.isPresent();
  }
}
