package dev.fieldops.invoicing.application.command;

import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.invoicing.domain.invoice.LineId;
import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.Principal;
import java.util.Objects;

/** Remove a line from a draft; a line that billed a charge returns the charge to unbilled. */
public record RemoveInvoiceLine(
    Principal principal, InvoiceId invoiceId, LineId lineId, ExpectedVersion expectedVersion) {

  public RemoveInvoiceLine {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(invoiceId, "invoiceId");
    Objects.requireNonNull(lineId, "lineId");
    Objects.requireNonNull(expectedVersion, "expectedVersion");
  }
}
