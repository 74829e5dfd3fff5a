package dev.fieldops.invoicing.application.command;

import dev.fieldops.invoicing.application.shared.InvoicingAccess;
import dev.fieldops.invoicing.domain.invoice.Invoice;
import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.invoicing.domain.invoice.InvoiceRepository;
import dev.fieldops.invoicing.domain.invoice.InvoiceSnapshot;
import dev.fieldops.invoicing.domain.invoice.LineId;
import dev.fieldops.kernel.CommandHandler;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Handles {@link CreateInvoice}: the lines' errors name {@code lines[i]}, their place in the
 * invoice.
 */
public final class CreateInvoiceHandler implements CommandHandler<CreateInvoice, InvoiceSnapshot> {

  private final InvoiceRepository invoices;
  private final Supplier<UUID> ids;
  private final Clock clock;

  public CreateInvoiceHandler(InvoiceRepository invoices, Clock clock, Supplier<UUID> ids) {
    this.invoices = invoices;
    this.ids = ids;
    this.clock = clock;
  }

  @Override
  public InvoiceSnapshot handle(CreateInvoice command) {
    InvoicingAccess.writeScope(command.principal());
    Instant now = clock.instant();
    Invoice draft =
        Invoice.createDraft(
            new InvoiceId(ids.get()),
            command.customerId(),
            command.currency(),
            command.paymentTerms(),
            command.memo(),
            now);
    for (int i = 0; i < command.lines().size(); i++) {
      draft.addLine(new LineId(ids.get()), command.lines().get(i), "lines[" + i + "]", now);
    }
    InvoiceSnapshot created = draft.snapshot();
    invoices.add(draft);
    return created;
  }
}
