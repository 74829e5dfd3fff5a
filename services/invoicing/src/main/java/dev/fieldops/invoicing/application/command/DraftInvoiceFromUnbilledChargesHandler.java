package dev.fieldops.invoicing.application.command;

import dev.fieldops.invoicing.application.Authorization;
import dev.fieldops.invoicing.application.UnitOfWork;
import dev.fieldops.invoicing.domain.charge.ChargeInvoicing;
import dev.fieldops.invoicing.domain.charge.ChargeRepository;
import dev.fieldops.invoicing.domain.charge.ChargeSnapshot;
import dev.fieldops.invoicing.domain.invoice.Invoice;
import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.invoicing.domain.invoice.InvoiceRepository;
import dev.fieldops.invoicing.domain.invoice.InvoiceSnapshot;
import dev.fieldops.kernel.UuidV7;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Handles {@link DraftInvoiceFromUnbilledCharges}: claims the charges and inserts the draft in one
 * transaction, so each charge is billed exactly once even when two of these run at once (the second
 * finds nothing left to claim: {@code NO_UNBILLED_CHARGES}), and a failed insert leaves the charges
 * unbilled. At most {@code Invoice.MAX_LINES} charges go on one draft; the rest wait for the next.
 */
public final class DraftInvoiceFromUnbilledChargesHandler {

  private final UnitOfWork unitOfWork;
  private final ChargeRepository charges;
  private final InvoiceRepository invoices;
  private final UuidV7 ids;
  private final Clock clock;

  public DraftInvoiceFromUnbilledChargesHandler(
      UnitOfWork unitOfWork,
      ChargeRepository charges,
      InvoiceRepository invoices,
      UuidV7 ids,
      Clock clock) {
    this.unitOfWork = unitOfWork;
    this.charges = charges;
    this.invoices = invoices;
    this.ids = ids;
    this.clock = clock;
  }

  public InvoiceSnapshot handle(DraftInvoiceFromUnbilledCharges command) {
    Authorization.writeScope(command.principal());
    return unitOfWork.inTransaction(
        () -> {
          Instant now = clock.instant();
          InvoiceId invoiceId = new InvoiceId(ids.next());
          List<ChargeSnapshot> claimed =
              charges.claimUnbilled(
                  command.customerId(), command.currency(), invoiceId, Invoice.MAX_LINES);
          Invoice draft =
              ChargeInvoicing.draftFrom(
                  invoiceId,
                  command.customerId(),
                  command.currency(),
                  command.paymentTerms(),
                  claimed,
                  now);
          InvoiceSnapshot drafted = draft.snapshot();
          invoices.add(draft);
          return drafted;
        });
  }
}
