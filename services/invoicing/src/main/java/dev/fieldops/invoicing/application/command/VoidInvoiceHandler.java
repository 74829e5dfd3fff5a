package dev.fieldops.invoicing.application.command;

import dev.fieldops.invoicing.application.Authorization;
import dev.fieldops.invoicing.domain.invoice.InvoiceRepository;
import dev.fieldops.invoicing.domain.invoice.InvoiceSnapshot;
import java.time.Clock;

/** Handles {@link VoidInvoice}. */
public final class VoidInvoiceHandler {

  private final InvoiceRepository invoices;
  private final Clock clock;

  public VoidInvoiceHandler(InvoiceRepository invoices, Clock clock) {
    this.invoices = invoices;
    this.clock = clock;
  }

  public InvoiceSnapshot handle(VoidInvoice command) {
    var scope = Authorization.writeScope(command.principal());
    return invoices.update(
        command.invoiceId(),
        scope,
        invoice -> {
          Etags.require(invoice, command.expectedVersion());
          invoice.voidInvoice(command.reason(), clock.instant());
          return invoice.snapshot();
        });
  }
}
