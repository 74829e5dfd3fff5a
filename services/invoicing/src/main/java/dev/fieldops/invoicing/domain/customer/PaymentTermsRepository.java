package dev.fieldops.invoicing.domain.customer;

import dev.fieldops.kernel.ExpectedVersion;
import java.time.Instant;
import java.util.Optional;

/**
 * The payment terms agreed with each customer (a port). Customers without an entry get the
 * service's default terms at issue. The {@code PaymentTermsRepositoryContract} test suite states
 * what every implementation does.
 */
public interface PaymentTermsRepository {

  /** The customer's agreed terms, if any were set. */
  Optional<CustomerPaymentTerms> find(CustomerId customer);

  /** Just the agreed terms of {@code customer}, if any: what issuing needs. */
  default Optional<PaymentTerms> termsFor(CustomerId customer) {
    return find(customer).map(CustomerPaymentTerms::terms);
  }

  /**
   * Sets (or replaces) the customer's terms at {@code now}, in one atomic step, and returns them
   * with their new version (1 for the first setting). With {@code expectedVersion}, only if the
   * stored terms have exactly that version: otherwise, also when none are stored, nothing changes
   * and the call fails with {@code ConcurrencyConflictException} ({@code ETAG_MISMATCH}). Affects
   * invoices issued from now on, never issued ones.
   */
  CustomerPaymentTerms set(
      CustomerId customer, PaymentTerms terms, ExpectedVersion expectedVersion, Instant now);
}
