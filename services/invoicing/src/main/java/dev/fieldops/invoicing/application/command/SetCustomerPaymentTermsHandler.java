package dev.fieldops.invoicing.application.command;

import dev.fieldops.invoicing.application.shared.InvoicingAccess;
import dev.fieldops.invoicing.domain.customer.CustomerPaymentTerms;
import dev.fieldops.invoicing.domain.customer.PaymentTermsRepository;
import dev.fieldops.kernel.CommandHandler;
import java.time.Clock;

/**
 * Handles {@link SetCustomerPaymentTerms}: billing staff only; issued invoices keep the due time
 * they were given. A stale etag is {@code ETAG_MISMATCH} and changes nothing.
 */
public final class SetCustomerPaymentTermsHandler
    implements CommandHandler<SetCustomerPaymentTerms, CustomerPaymentTerms> {

  private final PaymentTermsRepository terms;
  private final Clock clock;

  public SetCustomerPaymentTermsHandler(PaymentTermsRepository terms, Clock clock) {
    this.terms = terms;
    this.clock = clock;
  }

  @Override
  public CustomerPaymentTerms handle(SetCustomerPaymentTerms command) {
    InvoicingAccess.writeScope(command.principal());
    return terms.set(
        command.customerId(), command.terms(), command.expectedVersion(), clock.instant());
  }
}
