package dev.fieldops.invoicing.application.command;

import dev.fieldops.invoicing.application.shared.InvoicingAccess;
import dev.fieldops.invoicing.domain.charge.ChargeId;
import dev.fieldops.invoicing.domain.charge.ChargeRepository;
import dev.fieldops.invoicing.domain.invoice.InvoiceRepository;
import dev.fieldops.invoicing.domain.invoice.InvoiceSnapshot;
import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.kernel.Stamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Handles {@link VoidInvoice}. Releasing the invoice's charges happens inside the invoice's update
 * transaction, under its row lock, so the void and the charges' return to the unbilled list commit
 * together or not at all: a released charge is never billed by the void invoice and a new draft at
 * once, and a failed void releases nothing.
 */
public final class VoidInvoiceHandler implements CommandHandler<VoidInvoice, InvoiceSnapshot> {

  private final InvoiceRepository invoices;
  private final ChargeRepository charges;
  private final Clock clock;
  private final Supplier<UUID> ids;

  public VoidInvoiceHandler(
      InvoiceRepository invoices, ChargeRepository charges, Clock clock, Supplier<UUID> ids) {
    this.invoices = invoices;
    this.charges = charges;
    this.clock = clock;
    this.ids = ids;
  }

  @Override
  public InvoiceSnapshot handle(VoidInvoice command) {
    var scope = InvoicingAccess.writeScope(command.principal());
    return invoices.update(
        command.invoiceId(),
        scope,
        invoice -> {
          command
              .expectedVersion()
              .requireCurrent(invoice.version(), "invoice", invoice.id().toString());
          List<UUID> released =
              invoice.voidInvoice(
                  command.reason(), command.releaseCharges(), Stamp.of(clock.instant(), ids));
          for (UUID charge : released) {
            if (charges.releaseFromInvoice(invoice.id(), new ChargeId(charge)).isEmpty()) {
              throw new IllegalStateException(
                  "charge " + charge + " of invoice " + invoice.id() + " was not billed by it");
            }
          }
          return invoice.snapshot();
        });
  }
}
