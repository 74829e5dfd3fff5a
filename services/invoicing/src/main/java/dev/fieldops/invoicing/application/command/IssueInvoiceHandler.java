package dev.fieldops.invoicing.application.command;

import dev.fieldops.invoicing.application.shared.InvoicingAccess;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.customer.PaymentTermsRepository;
import dev.fieldops.invoicing.domain.invoice.InvoiceRepository;
import dev.fieldops.invoicing.domain.invoice.InvoiceSnapshot;
import dev.fieldops.invoicing.domain.numbering.InvoiceNumberSeries;
import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.kernel.Stamp;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Handles {@link IssueInvoice}. The number is drawn inside the invoice's update transaction (the
 * series joins it), so an issue that fails anywhere — a rule, the save, the commit — leaves no gap.
 * Terms: the invoice's own, else the customer's, else {@code defaultTerms}.
 */
public final class IssueInvoiceHandler implements CommandHandler<IssueInvoice, InvoiceSnapshot> {

  private final InvoiceRepository invoices;
  private final InvoiceNumberSeries numbers;
  private final PaymentTermsRepository customerTerms;
  private final PaymentTerms defaultTerms;
  private final Clock clock;
  private final Supplier<UUID> ids;

  public IssueInvoiceHandler(
      InvoiceRepository invoices,
      InvoiceNumberSeries numbers,
      PaymentTermsRepository customerTerms,
      PaymentTerms defaultTerms,
      Clock clock,
      Supplier<UUID> ids) {
    this.invoices = invoices;
    this.numbers = numbers;
    this.customerTerms = customerTerms;
    this.defaultTerms = Objects.requireNonNull(defaultTerms, "defaultTerms");
    this.clock = clock;
    this.ids = ids;
  }

  @Override
  public InvoiceSnapshot handle(IssueInvoice command) {
    var scope = InvoicingAccess.writeScope(command.principal());
    return invoices.update(
        command.invoiceId(),
        scope,
        invoice -> {
          command
              .expectedVersion()
              .requireCurrent(invoice.version(), "invoice", invoice.id().toString());
          PaymentTerms terms = customerTerms.termsFor(invoice.customerId()).orElse(defaultTerms);
          invoice.issue(numbers, terms, Stamp.of(clock.instant(), ids));
          return invoice.snapshot();
        });
  }
}
