package dev.fieldops.invoicing.application.command;

import dev.fieldops.invoicing.application.shared.InvoicingAccess;
import dev.fieldops.invoicing.domain.invoice.InvoiceLine;
import dev.fieldops.invoicing.domain.invoice.InvoiceRepository;
import dev.fieldops.invoicing.domain.invoice.InvoiceSnapshot;
import dev.fieldops.invoicing.domain.invoice.LineId;
import dev.fieldops.kernel.CommandHandler;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

/** Handles {@link AddInvoiceLine}: the line's errors name {@code line}. */
public final class AddInvoiceLineHandler
    implements CommandHandler<AddInvoiceLine, AddInvoiceLineHandler.Result> {

  /** The draft after the change and the line it gained. */
  public record Result(InvoiceSnapshot invoice, InvoiceLine line) {}

  private final InvoiceRepository invoices;
  private final Supplier<UUID> ids;
  private final Clock clock;

  public AddInvoiceLineHandler(InvoiceRepository invoices, Clock clock, Supplier<UUID> ids) {
    this.invoices = invoices;
    this.ids = ids;
    this.clock = clock;
  }

  @Override
  public Result handle(AddInvoiceLine command) {
    var scope = InvoicingAccess.writeScope(command.principal());
    LineId lineId = new LineId(ids.get());
    return invoices.update(
        command.invoiceId(),
        scope,
        invoice -> {
          command
              .expectedVersion()
              .requireCurrent(invoice.version(), "invoice", invoice.id().toString());
          InvoiceLine line = invoice.addLine(lineId, command.line(), "line", clock.instant());
          return new Result(invoice.snapshot(), line);
        });
  }
}
