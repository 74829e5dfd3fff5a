package dev.fieldops.invoicing.application;

import dev.fieldops.invoicing.application.command.AddInvoiceLine;
import dev.fieldops.invoicing.application.command.AddInvoiceLineHandler;
import dev.fieldops.invoicing.application.command.ChargeTicketResolution;
import dev.fieldops.invoicing.application.command.ChargeTicketResolutionHandler;
import dev.fieldops.invoicing.application.command.CreateInvoice;
import dev.fieldops.invoicing.application.command.CreateInvoiceHandler;
import dev.fieldops.invoicing.application.command.DeviceMonitoringHandler;
import dev.fieldops.invoicing.application.command.DraftInvoiceFromUnbilledCharges;
import dev.fieldops.invoicing.application.command.DraftInvoiceFromUnbilledChargesHandler;
import dev.fieldops.invoicing.application.command.IssueInvoice;
import dev.fieldops.invoicing.application.command.IssueInvoiceHandler;
import dev.fieldops.invoicing.application.command.MarkOverdueInvoicesHandler;
import dev.fieldops.invoicing.application.command.RecordPayment;
import dev.fieldops.invoicing.application.command.RecordPaymentHandler;
import dev.fieldops.invoicing.application.command.RecordUnbilledCharge;
import dev.fieldops.invoicing.application.command.RecordUnbilledChargeHandler;
import dev.fieldops.invoicing.application.command.RemoveInvoiceLine;
import dev.fieldops.invoicing.application.command.RemoveInvoiceLineHandler;
import dev.fieldops.invoicing.application.command.SetCustomerPaymentTerms;
import dev.fieldops.invoicing.application.command.SetCustomerPaymentTermsHandler;
import dev.fieldops.invoicing.application.command.VoidInvoice;
import dev.fieldops.invoicing.application.command.VoidInvoiceHandler;
import dev.fieldops.invoicing.application.query.GetCustomerBalanceHandler;
import dev.fieldops.invoicing.application.query.GetCustomerPaymentTermsHandler;
import dev.fieldops.invoicing.application.query.GetInvoiceHandler;
import dev.fieldops.invoicing.application.query.ListInvoicePaymentsHandler;
import dev.fieldops.invoicing.application.query.ListInvoicesHandler;
import dev.fieldops.invoicing.application.query.ListUnbilledChargesHandler;
import dev.fieldops.invoicing.domain.charge.ChargeRepository;
import dev.fieldops.invoicing.domain.charge.PriceList;
import dev.fieldops.invoicing.domain.customer.CustomerPaymentTerms;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.customer.PaymentTermsRepository;
import dev.fieldops.invoicing.domain.device.MonitoredDeviceRepository;
import dev.fieldops.invoicing.domain.invoice.InvoiceQueries;
import dev.fieldops.invoicing.domain.invoice.InvoiceRepository;
import dev.fieldops.invoicing.domain.invoice.InvoiceSnapshot;
import dev.fieldops.invoicing.domain.numbering.InvoiceNumberSeries;
import dev.fieldops.kernel.CommandDecorator;
import dev.fieldops.kernel.CommandHandler;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Every use case of invoicing, built once from the ports: the production wiring and the tests use
 * this same graph, the first over PostgreSQL with the platform's decorators, the second over
 * in-memory fakes with an in-memory transaction.
 *
 * <p>Each command that an adapter reaches is wrapped in the decorators given to {@link #create},
 * the first outermost; production passes the transaction decorator, so a command's writes (and
 * those of a charge recorded on its behalf) commit together and the command is retried as a whole
 * on a serialization failure. The two job bodies are not wrapped as a whole: the overdue scan and
 * the monthly monitoring run go invoice by invoice and charge by charge, each change a decorated
 * step committing on its own, so that one failure does not undo what was already done.
 */
public record InvoicingApplication(
    CommandHandler<CreateInvoice, InvoiceSnapshot> createInvoice,
    CommandHandler<AddInvoiceLine, AddInvoiceLineHandler.Result> addInvoiceLine,
    CommandHandler<RemoveInvoiceLine, InvoiceSnapshot> removeInvoiceLine,
    CommandHandler<IssueInvoice, InvoiceSnapshot> issueInvoice,
    CommandHandler<RecordPayment, RecordPaymentHandler.Result> recordPayment,
    CommandHandler<VoidInvoice, InvoiceSnapshot> voidInvoice,
    CommandHandler<RecordUnbilledCharge, RecordUnbilledChargeHandler.Result> recordUnbilledCharge,
    CommandHandler<DraftInvoiceFromUnbilledCharges, InvoiceSnapshot> draftFromUnbilledCharges,
    CommandHandler<SetCustomerPaymentTerms, CustomerPaymentTerms> setCustomerPaymentTerms,
    CommandHandler<ChargeTicketResolution, Optional<RecordUnbilledChargeHandler.Result>>
        chargeTicketResolution,
    MarkOverdueInvoicesHandler markOverdueInvoices,
    DeviceMonitoringHandler deviceMonitoring,
    GetInvoiceHandler getInvoice,
    ListInvoicesHandler listInvoices,
    ListInvoicePaymentsHandler listInvoicePayments,
    ListUnbilledChargesHandler listUnbilledCharges,
    GetCustomerBalanceHandler getCustomerBalance,
    GetCustomerPaymentTermsHandler getCustomerPaymentTerms) {

  /** The ports invoicing's use cases run on. */
  public record Ports(
      InvoiceRepository invoices,
      InvoiceQueries invoiceQueries,
      InvoiceNumberSeries numbers,
      ChargeRepository charges,
      PaymentTermsRepository terms,
      MonitoredDeviceRepository devices) {

    public Ports {
      Objects.requireNonNull(invoices, "invoices");
      Objects.requireNonNull(invoiceQueries, "invoiceQueries");
      Objects.requireNonNull(numbers, "numbers");
      Objects.requireNonNull(charges, "charges");
      Objects.requireNonNull(terms, "terms");
      Objects.requireNonNull(devices, "devices");
    }
  }

  /**
   * The use cases over {@code ports}, with the list prices and the payment terms of customers who
   * agreed none, the clock and ids of the caller, and its command decorators (first outermost).
   */
  public static InvoicingApplication create(
      Ports ports,
      PriceList priceList,
      PaymentTerms defaultTerms,
      Clock clock,
      Supplier<UUID> ids,
      List<? extends CommandDecorator> decorators) {
    var chain = CommandDecorator.chain(decorators);
    var invoices = ports.invoices();
    var queries = ports.invoiceQueries();
    var charges = ports.charges();
    var recordCharge =
        chain.decorate(new RecordUnbilledChargeHandler(charges, priceList, clock, ids));
    return new InvoicingApplication(
        chain.decorate(new CreateInvoiceHandler(invoices, clock, ids)),
        chain.decorate(new AddInvoiceLineHandler(invoices, clock, ids)),
        chain.decorate(new RemoveInvoiceLineHandler(invoices, charges, clock)),
        chain.decorate(
            new IssueInvoiceHandler(
                invoices, ports.numbers(), ports.terms(), defaultTerms, clock, ids)),
        chain.decorate(new RecordPaymentHandler(invoices, clock, ids)),
        chain.decorate(new VoidInvoiceHandler(invoices, charges, clock, ids)),
        recordCharge,
        chain.decorate(new DraftInvoiceFromUnbilledChargesHandler(charges, invoices, clock, ids)),
        chain.decorate(new SetCustomerPaymentTermsHandler(ports.terms(), clock)),
        chain.decorate(new ChargeTicketResolutionHandler(recordCharge)),
        new MarkOverdueInvoicesHandler(invoices, queries, clock, ids, chain),
        new DeviceMonitoringHandler(ports.devices(), recordCharge, clock, chain),
        new GetInvoiceHandler(queries),
        new ListInvoicesHandler(queries),
        new ListInvoicePaymentsHandler(queries),
        new ListUnbilledChargesHandler(charges),
        new GetCustomerBalanceHandler(queries, clock),
        new GetCustomerPaymentTermsHandler(ports.terms(), defaultTerms));
  }
}
