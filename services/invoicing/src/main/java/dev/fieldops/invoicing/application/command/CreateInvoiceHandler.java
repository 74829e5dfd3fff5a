package dev.fieldops.invoicing.application.command;

import dev.fieldops.invoicing.application.shared.InvoicingAccess;
import dev.fieldops.invoicing.domain.invoice.Invoice;
import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.invoicing.domain.invoice.InvoiceRepository;
import dev.fieldops.invoicing.domain.invoice.InvoiceSnapshot;
import dev.fieldops.invoicing.domain.invoice.LineId;
import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.kernel.UuidV7;
import java.time.Clock;
import java.time.Instant;

/** Handles {@link CreateInvoice}: the lines' errors name {@code invoice.lines[i]}. */
public final class CreateInvoiceHandler implements CommandHandler<CreateInvoice, InvoiceSnapshot> {

  private final InvoiceRepository invoices;
  private final UuidV7 ids;
  private final Clock clock;

  public CreateInvoiceHandler(InvoiceRepository invoices, UuidV7 ids, Clock clock) {
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
            new InvoiceId(ids.next()),
            command.customerId(),
            command.currency(),
            command.paymentTerms(),
            command.memo(),
            now);
    for (int i = 0; i < command.lines().size(); i++) {
      draft.addLine(
          new LineId(ids.next()), command.lines().get(i), "invoice.lines[" + i + "]", now);
    }
    InvoiceSnapshot created = draft.snapshot();
    invoices.add(draft);
    return created;
  }
}
