package dev.fieldops.invoicing.application.command;

import dev.fieldops.invoicing.application.shared.InvoicingAccess;
import dev.fieldops.invoicing.domain.charge.ChargeInvoicing;
import dev.fieldops.invoicing.domain.charge.ChargeRepository;
import dev.fieldops.invoicing.domain.charge.ChargeSelection;
import dev.fieldops.invoicing.domain.charge.ChargeSnapshot;
import dev.fieldops.invoicing.domain.invoice.Invoice;
import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.invoicing.domain.invoice.InvoiceRepository;
import dev.fieldops.invoicing.domain.invoice.InvoiceSnapshot;
import dev.fieldops.kernel.CommandHandler;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Handles {@link DraftInvoiceFromUnbilledCharges}: claims the charges and inserts the draft in the
 * command's one transaction (opened by the application's transaction decorator), so each charge is
 * billed exactly once even when two of these run at once, and a failed insert leaves the charges
 * unbilled.
 *
 * <ul>
 *   <li>Without chosen charges, the claim skips what a concurrent draft is taking (the second finds
 *       nothing left: {@code NO_UNBILLED_CHARGES}). At most {@code Invoice.MAX_LINES} charges go on
 *       one draft; the rest wait for the next.
 *   <li>With chosen charges, each is locked (waiting for a concurrent draft to finish with it) and
 *       checked before any is billed: one that cannot be billed refuses the whole draft, naming it,
 *       and nothing is billed.
 * </ul>
 */
public final class DraftInvoiceFromUnbilledChargesHandler
    implements CommandHandler<DraftInvoiceFromUnbilledCharges, InvoiceSnapshot> {

  private final ChargeRepository charges;
  private final InvoiceRepository invoices;
  private final Supplier<UUID> ids;
  private final Clock clock;

  public DraftInvoiceFromUnbilledChargesHandler(
      ChargeRepository charges, InvoiceRepository invoices, Clock clock, Supplier<UUID> ids) {
    this.charges = charges;
    this.invoices = invoices;
    this.ids = ids;
    this.clock = clock;
  }

  @Override
  public InvoiceSnapshot handle(DraftInvoiceFromUnbilledCharges command) {
    InvoicingAccess.writeScope(command.principal());
    ChargeSelection selection = command.selection();
    Instant now = clock.instant();
    InvoiceId invoiceId = new InvoiceId(ids.get());
    List<ChargeSnapshot> claimed;
    if (selection.chosenByCaller()) {
      selection.requireBillable(charges.lock(selection.chosen()));
      claimed = charges.billChosen(selection, invoiceId);
    } else {
      claimed = charges.claimUnbilled(selection, invoiceId, Invoice.MAX_LINES);
    }
    Invoice draft =
        ChargeInvoicing.draftFrom(invoiceId, selection, command.paymentTerms(), claimed, now);
    InvoiceSnapshot drafted = draft.snapshot();
    invoices.add(draft);
    return drafted;
  }
}
