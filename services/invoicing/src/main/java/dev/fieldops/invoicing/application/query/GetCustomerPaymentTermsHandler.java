package dev.fieldops.invoicing.application.query;

import dev.fieldops.invoicing.application.shared.InvoicingAccess;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.customer.CustomerPaymentTerms;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.customer.PaymentTermsRepository;
import dev.fieldops.kernel.NotFoundException;
import java.util.Objects;
import java.util.Optional;

/**
 * Handles {@link GetCustomerPaymentTerms}: the agreed terms, or the service default for a customer
 * without any (invoicing does not know which customers exist, so every customer has terms). Another
 * customer's terms are {@code CUSTOMER_NOT_FOUND} for a customer caller.
 */
public final class GetCustomerPaymentTermsHandler {

  /**
   * The terms the customer's next invoice gets: {@code agreed} when set for the customer, else
   * {@code defaultTerms}.
   */
  public record Result(
      CustomerId customerId, PaymentTerms terms, Optional<CustomerPaymentTerms> agreed) {
    public Result {
      Objects.requireNonNull(customerId, "customerId");
      Objects.requireNonNull(terms, "terms");
      Objects.requireNonNull(agreed, "agreed");
    }
  }

  private final PaymentTermsRepository terms;
  private final PaymentTerms defaultTerms;

  public GetCustomerPaymentTermsHandler(PaymentTermsRepository terms, PaymentTerms defaultTerms) {
    this.terms = terms;
    this.defaultTerms = Objects.requireNonNull(defaultTerms, "defaultTerms");
  }

  public Result handle(GetCustomerPaymentTerms query) {
    var scope = InvoicingAccess.readScope(query.principal());
    if (!scope.permits(query.customerId())) {
      throw NotFoundException.of("customer", query.customerId().value());
    }
    Optional<CustomerPaymentTerms> agreed = terms.find(query.customerId());
    return new Result(
        query.customerId(), agreed.map(CustomerPaymentTerms::terms).orElse(defaultTerms), agreed);
  }
}
