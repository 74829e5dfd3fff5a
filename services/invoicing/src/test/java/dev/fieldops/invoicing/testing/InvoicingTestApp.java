package dev.fieldops.invoicing.testing;

import dev.fieldops.test.time.TestClock;
import dev.fieldops.invoicing.application.command.AddInvoiceLineHandler;
import dev.fieldops.invoicing.application.command.CreateInvoiceHandler;
import dev.fieldops.invoicing.application.command.DraftInvoiceFromUnbilledChargesHandler;
import dev.fieldops.invoicing.application.command.IssueInvoiceHandler;
import dev.fieldops.invoicing.application.command.MarkOverdueInvoicesHandler;
import dev.fieldops.invoicing.application.command.RecordPaymentHandler;
import dev.fieldops.invoicing.application.command.RecordUnbilledChargeHandler;
import dev.fieldops.invoicing.application.command.RemoveInvoiceLineHandler;
import dev.fieldops.invoicing.application.command.SetCustomerPaymentTermsHandler;
import dev.fieldops.invoicing.application.command.VoidInvoiceHandler;
import dev.fieldops.invoicing.application.query.GetCustomerBalanceHandler;
import dev.fieldops.invoicing.application.query.GetCustomerPaymentTermsHandler;
import dev.fieldops.invoicing.application.query.GetInvoiceHandler;
import dev.fieldops.invoicing.application.query.ListInvoicePaymentsHandler;
import dev.fieldops.invoicing.application.query.ListInvoicesHandler;
import dev.fieldops.invoicing.application.query.ListUnbilledChargesHandler;
import dev.fieldops.invoicing.domain.charge.PriceList;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.kernel.UuidV7;

/**
 * Every use case of the service wired over in-memory fakes and a clock the test moves: the
 * application as the gRPC adapter will see it, minus the database.
 */
public final class InvoicingTestApp {

  public final InMemoryInvoicing db = new InMemoryInvoicing();
  public final TestClock clock;
  public final UuidV7 ids;

  public final CreateInvoiceHandler createInvoice;
  public final AddInvoiceLineHandler addInvoiceLine;
  public final RemoveInvoiceLineHandler removeInvoiceLine;
  public final IssueInvoiceHandler issueInvoice;
  public final RecordPaymentHandler recordPayment;
  public final VoidInvoiceHandler voidInvoice;
  public final MarkOverdueInvoicesHandler markOverdueInvoices;
  public final RecordUnbilledChargeHandler recordUnbilledCharge;
  public final DraftInvoiceFromUnbilledChargesHandler draftFromUnbilledCharges;
  public final SetCustomerPaymentTermsHandler setCustomerPaymentTerms;
  public final GetInvoiceHandler getInvoice;
  public final ListInvoicesHandler listInvoices;
  public final ListInvoicePaymentsHandler listInvoicePayments;
  public final ListUnbilledChargesHandler listUnbilledCharges;
  public final GetCustomerBalanceHandler getCustomerBalance;
  public final GetCustomerPaymentTermsHandler getCustomerPaymentTerms;

  public InvoicingTestApp(TestClock clock) {
    this(clock, PriceList.DEFAULTS, PaymentTerms.DEFAULT);
  }

  public InvoicingTestApp(TestClock clock, PriceList priceList, PaymentTerms defaultTerms) {
    this.clock = clock;
    this.ids = new UuidV7(clock);
    createInvoice = new CreateInvoiceHandler(db.invoices, ids, clock);
    addInvoiceLine = new AddInvoiceLineHandler(db.invoices, ids, clock);
    removeInvoiceLine = new RemoveInvoiceLineHandler(db.invoices, db.charges, clock);
    issueInvoice = new IssueInvoiceHandler(db.invoices, db.numbers, db.terms, defaultTerms, clock);
    recordPayment = new RecordPaymentHandler(db.invoices, ids, clock);
    voidInvoice = new VoidInvoiceHandler(db.invoices, db.charges, clock);
    markOverdueInvoices = new MarkOverdueInvoicesHandler(db.invoices, db.invoices, clock);
    recordUnbilledCharge = new RecordUnbilledChargeHandler(db.charges, priceList, ids, clock);
    draftFromUnbilledCharges =
        new DraftInvoiceFromUnbilledChargesHandler(db.store, db.charges, db.invoices, ids, clock);
    setCustomerPaymentTerms = new SetCustomerPaymentTermsHandler(db.terms, clock);
    getInvoice = new GetInvoiceHandler(db.invoices);
    listInvoices = new ListInvoicesHandler(db.invoices);
    listInvoicePayments = new ListInvoicePaymentsHandler(db.invoices);
    listUnbilledCharges = new ListUnbilledChargesHandler(db.charges);
    getCustomerBalance = new GetCustomerBalanceHandler(db.invoices, clock);
    getCustomerPaymentTerms = new GetCustomerPaymentTermsHandler(db.terms, defaultTerms);
  }
}
