package dev.fieldops.invoicing.testing;

import dev.fieldops.invoicing.application.InvoicingApplication;
import dev.fieldops.invoicing.application.command.AddInvoiceLine;
import dev.fieldops.invoicing.application.command.AddInvoiceLineHandler;
import dev.fieldops.invoicing.application.command.CreateInvoice;
import dev.fieldops.invoicing.application.command.DraftInvoiceFromUnbilledCharges;
import dev.fieldops.invoicing.application.command.IssueInvoice;
import dev.fieldops.invoicing.application.command.MarkOverdueInvoicesHandler;
import dev.fieldops.invoicing.application.command.RecordPayment;
import dev.fieldops.invoicing.application.command.RecordPaymentHandler;
import dev.fieldops.invoicing.application.command.RecordUnbilledCharge;
import dev.fieldops.invoicing.application.command.RecordUnbilledChargeHandler;
import dev.fieldops.invoicing.application.command.RemoveInvoiceLine;
import dev.fieldops.invoicing.application.command.SetCustomerPaymentTerms;
import dev.fieldops.invoicing.application.command.VoidInvoice;
import dev.fieldops.invoicing.application.query.GetCustomerBalanceHandler;
import dev.fieldops.invoicing.application.query.GetCustomerPaymentTermsHandler;
import dev.fieldops.invoicing.application.query.GetInvoiceHandler;
import dev.fieldops.invoicing.application.query.ListInvoicePaymentsHandler;
import dev.fieldops.invoicing.application.query.ListInvoicesHandler;
import dev.fieldops.invoicing.application.query.ListUnbilledChargesHandler;
import dev.fieldops.invoicing.domain.charge.PriceList;
import dev.fieldops.invoicing.domain.customer.CustomerPaymentTerms;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.invoice.InvoiceSnapshot;
import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.kernel.UuidV7;
import dev.fieldops.test.time.TestClock;
import java.util.List;

/**
 * The production {@link InvoicingApplication} over in-memory fakes, a clock the test moves and the
 * fakes' transaction as the command decorator: the application as the gRPC adapter sees it, minus
 * the database. The fields name the use cases, for the tests' brevity.
 */
public final class InvoicingTestApp {

  public final InMemoryInvoicing db = new InMemoryInvoicing();
  public final TestClock clock;
  public final UuidV7 ids;
  public final InvoicingApplication application;

  public final CommandHandler<CreateInvoice, InvoiceSnapshot> createInvoice;
  public final CommandHandler<AddInvoiceLine, AddInvoiceLineHandler.Result> addInvoiceLine;
  public final CommandHandler<RemoveInvoiceLine, InvoiceSnapshot> removeInvoiceLine;
  public final CommandHandler<IssueInvoice, InvoiceSnapshot> issueInvoice;
  public final CommandHandler<RecordPayment, RecordPaymentHandler.Result> recordPayment;
  public final CommandHandler<VoidInvoice, InvoiceSnapshot> voidInvoice;
  public final MarkOverdueInvoicesHandler markOverdueInvoices;
  public final CommandHandler<RecordUnbilledCharge, RecordUnbilledChargeHandler.Result>
      recordUnbilledCharge;
  public final CommandHandler<DraftInvoiceFromUnbilledCharges, InvoiceSnapshot>
      draftFromUnbilledCharges;
  public final CommandHandler<SetCustomerPaymentTerms, CustomerPaymentTerms>
      setCustomerPaymentTerms;
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
    application =
        InvoicingApplication.create(
            new InvoicingApplication.Ports(
                db.invoices,
                db.invoices,
                db.numbers,
                db.charges,
                db.terms,
                new InMemoryMonitoredDeviceRepository()),
            priceList,
            defaultTerms,
            clock,
            ids::next,
            List.of(db.store));
    createInvoice = application.createInvoice();
    addInvoiceLine = application.addInvoiceLine();
    removeInvoiceLine = application.removeInvoiceLine();
    issueInvoice = application.issueInvoice();
    recordPayment = application.recordPayment();
    voidInvoice = application.voidInvoice();
    markOverdueInvoices = application.markOverdueInvoices();
    recordUnbilledCharge = application.recordUnbilledCharge();
    draftFromUnbilledCharges = application.draftFromUnbilledCharges();
    setCustomerPaymentTerms = application.setCustomerPaymentTerms();
    getInvoice = application.getInvoice();
    listInvoices = application.listInvoices();
    listInvoicePayments = application.listInvoicePayments();
    listUnbilledCharges = application.listUnbilledCharges();
    getCustomerBalance = application.getCustomerBalance();
    getCustomerPaymentTerms = application.getCustomerPaymentTerms();
  }
}
