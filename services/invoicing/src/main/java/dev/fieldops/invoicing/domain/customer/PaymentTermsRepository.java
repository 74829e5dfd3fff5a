package dev.fieldops.invoicing.domain.customer;

import java.util.Optional;

/**
 * The payment terms agreed with each customer (a port). Customers without an entry get the
 * service's default terms at issue.
 */
public interface PaymentTermsRepository {

  /** The customer's agreed terms, if any were set. */
  Optional<PaymentTerms> termsFor(CustomerId customer);

  /** Sets (or replaces) the customer's terms; affects invoices issued from now on, never issued ones. */
  void setTermsFor(CustomerId customer, PaymentTerms terms);
}
