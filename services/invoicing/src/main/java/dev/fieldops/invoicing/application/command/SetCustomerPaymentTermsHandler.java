package dev.fieldops.invoicing.application.command;

import dev.fieldops.invoicing.application.Authorization;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.customer.PaymentTermsRepository;

/** Handles {@link SetCustomerPaymentTerms}; issued invoices keep the due time they were given. */
public final class SetCustomerPaymentTermsHandler {

  private final PaymentTermsRepository terms;

  public SetCustomerPaymentTermsHandler(PaymentTermsRepository terms) {
    this.terms = terms;
  }

  public PaymentTerms handle(SetCustomerPaymentTerms command) {
    Authorization.writeScope(command.principal());
    terms.setTermsFor(command.customerId(), command.terms());
    return command.terms();
  }
}
