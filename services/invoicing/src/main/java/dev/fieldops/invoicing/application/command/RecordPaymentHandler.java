package dev.fieldops.invoicing.application.command;

import dev.fieldops.invoicing.application.shared.InvoicingAccess;
import dev.fieldops.invoicing.domain.invoice.InvoiceRepository;
import dev.fieldops.invoicing.domain.invoice.InvoiceSnapshot;
import dev.fieldops.invoicing.domain.invoice.Payment;
import dev.fieldops.invoicing.domain.invoice.PaymentId;
import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.kernel.Stamp;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Handles {@link RecordPayment}. Concurrent payments on one invoice serialise on its row lock, so
 * two payments that each fit but together overpay cannot both succeed. The payment is recorded now
 * and received when the command says (now if it does not).
 */
public final class RecordPaymentHandler
    implements CommandHandler<RecordPayment, RecordPaymentHandler.Result> {

  /** The invoice after the payment (PAID if it settled it) and the payment recorded. */
  public record Result(InvoiceSnapshot invoice, Payment payment) {}

  private final InvoiceRepository invoices;
  private final Supplier<UUID> ids;
  private final Clock clock;

  public RecordPaymentHandler(InvoiceRepository invoices, Clock clock, Supplier<UUID> ids) {
    this.invoices = invoices;
    this.ids = ids;
    this.clock = clock;
  }

  @Override
  public Result handle(RecordPayment command) {
    var scope = InvoicingAccess.writeScope(command.principal());
    PaymentId paymentId = new PaymentId(ids.get());
    return invoices.update(
        command.invoiceId(),
        scope,
        invoice -> {
          command
              .expectedVersion()
              .requireCurrent(invoice.version(), "invoice", invoice.id().toString());
          Stamp stamp = Stamp.of(clock.instant(), ids);
          Payment payment =
              invoice.recordPayment(
                  paymentId,
                  command.amount(),
                  command.reference(),
                  command.receiveTime().orElse(stamp.now()),
                  stamp);
          return new Result(invoice.snapshot(), payment);
        });
  }
}
