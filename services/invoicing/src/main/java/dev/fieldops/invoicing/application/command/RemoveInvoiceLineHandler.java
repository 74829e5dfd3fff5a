package dev.fieldops.invoicing.application.command;

import dev.fieldops.invoicing.application.shared.InvoicingAccess;
import dev.fieldops.invoicing.domain.charge.ChargeId;
import dev.fieldops.invoicing.domain.charge.ChargeRepository;
import dev.fieldops.invoicing.domain.invoice.InvoiceLine;
import dev.fieldops.invoicing.domain.invoice.InvoiceRepository;
import dev.fieldops.invoicing.domain.invoice.InvoiceSnapshot;
import dev.fieldops.kernel.CommandHandler;
import java.time.Clock;

/**
 * Handles {@link RemoveInvoiceLine}. Releasing the line's charge happens inside the invoice's
 * update transaction, so the line and the charge's billing can never disagree.
 */
public final class RemoveInvoiceLineHandler
    implements CommandHandler<RemoveInvoiceLine, InvoiceSnapshot> {

  private final InvoiceRepository invoices;
  private final ChargeRepository charges;
  private final Clock clock;

  public RemoveInvoiceLineHandler(
      InvoiceRepository invoices, ChargeRepository charges, Clock clock) {
    this.invoices = invoices;
    this.charges = charges;
    this.clock = clock;
  }

  @Override
  public InvoiceSnapshot handle(RemoveInvoiceLine command) {
    var scope = InvoicingAccess.writeScope(command.principal());
    return invoices.update(
        command.invoiceId(),
        scope,
        invoice -> {
          command
              .expectedVersion()
              .requireCurrent(invoice.version(), "invoice", invoice.id().toString());
          InvoiceLine removed = invoice.removeLine(command.lineId(), clock.instant());
          removed
              .chargeId()
              .ifPresent(charge -> charges.releaseFromInvoice(invoice.id(), new ChargeId(charge)));
          return invoice.snapshot();
        });
  }
}
