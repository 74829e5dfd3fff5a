package dev.fieldops.invoicing.application.command;

import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.invoicing.domain.invoice.NewInvoiceLine;
import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.IdempotentCommand;
import dev.fieldops.kernel.Principal;
import java.util.Objects;

/** Add a line to a draft; {@code expectedVersion} is the etag the caller saw, if it sent one. */
public record AddInvoiceLine(
    Principal principal, InvoiceId invoiceId, NewInvoiceLine line, ExpectedVersion expectedVersion)
    implements IdempotentCommand {

  public AddInvoiceLine {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(invoiceId, "invoiceId");
    Objects.requireNonNull(line, "line");
    Objects.requireNonNull(expectedVersion, "expectedVersion");
  }
}
