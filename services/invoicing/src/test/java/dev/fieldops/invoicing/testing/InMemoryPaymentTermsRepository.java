package dev.fieldops.invoicing.testing;

import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.customer.CustomerPaymentTerms;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.customer.PaymentTermsRepository;
import dev.fieldops.kernel.ConcurrencyConflictException;
import java.time.Instant;
import java.util.Optional;

/** {@link PaymentTermsRepository} over the in-memory store. */
public final class InMemoryPaymentTermsRepository implements PaymentTermsRepository {

  private final InMemoryInvoicingStore store;

  public InMemoryPaymentTermsRepository(InMemoryInvoicingStore store) {
    this.store = store;
  }

  @Override
  public Optional<CustomerPaymentTerms> find(CustomerId customer) {
    return Optional.ofNullable(store.read().terms.get(customer));
  }

  @Override
  public CustomerPaymentTerms set(
      CustomerId customer, PaymentTerms terms, Optional<Long> expectedVersion, Instant now) {
    return store.inTransaction(() -> {
      var tables = store.write("setting payment terms");
      Optional<CustomerPaymentTerms> stored = Optional.ofNullable(tables.terms.get(customer));
      if (expectedVersion.isPresent()
          && !stored.map(CustomerPaymentTerms::version).equals(expectedVersion)) {
        throw ConcurrencyConflictException.etagMismatch("customer", customer.value());
      }
      CustomerPaymentTerms next = new CustomerPaymentTerms(
          customer, terms, now, stored.map(CustomerPaymentTerms::version).orElse(0L) + 1);
      tables.terms.put(customer, next);
      return next;
    });
  }
}
