package dev.fieldops.invoicing.application.command;

import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.Principal;
import java.util.Objects;

/**
 * Void an issued, unpaid invoice, giving a reason.
 *
 * @param releaseCharges return the charges the invoice bills to the unbilled list, to be billed
 *     again; otherwise they stay billed by the void invoice (written off)
 */
public record VoidInvoice(
    Principal principal,
    InvoiceId invoiceId,
    String reason,
    boolean releaseCharges,
    ExpectedVersion expectedVersion) {

  public VoidInvoice {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(invoiceId, "invoiceId");
    Objects.requireNonNull(expectedVersion, "expectedVersion");
  }
}
