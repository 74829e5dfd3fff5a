package dev.fieldops.invoicing.testing;

import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.customer.CustomerPaymentTerms;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.customer.PaymentTermsRepository;
import dev.fieldops.kernel.ConcurrencyConflictException;
import dev.fieldops.kernel.ExpectedVersion;
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
      CustomerId customer, PaymentTerms terms, ExpectedVersion expectedVersion, Instant now) {
    return store.inTransaction(
        () -> {
          var tables = store.write("setting payment terms");
          Optional<CustomerPaymentTerms> stored = Optional.ofNullable(tables.terms.get(customer));
          if (!expectedVersion.isAny() && stored.isEmpty()) {
            throw ConcurrencyConflictException.etagMismatch("customer", customer.value());
          }
          stored.ifPresent(
              current ->
                  expectedVersion.requireCurrent(current.version(), "customer", customer.value()));
          CustomerPaymentTerms next =
              new CustomerPaymentTerms(
                  customer, terms, now, stored.map(CustomerPaymentTerms::version).orElse(0L) + 1);
          tables.terms.put(customer, next);
          return next;
        });
  }
}
