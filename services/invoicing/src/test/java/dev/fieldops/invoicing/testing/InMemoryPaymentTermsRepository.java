package dev.fieldops.invoicing.testing;

import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.customer.PaymentTermsRepository;
import java.util.Optional;

/** {@link PaymentTermsRepository} over the in-memory store. */
public final class InMemoryPaymentTermsRepository implements PaymentTermsRepository {

  private final InMemoryInvoicingStore store;

  public InMemoryPaymentTermsRepository(InMemoryInvoicingStore store) {
    this.store = store;
  }

  @Override
  public Optional<PaymentTerms> termsFor(CustomerId customer) {
    return Optional.ofNullable(store.read().terms.get(customer));
  }

  @Override
  public void setTermsFor(CustomerId customer, PaymentTerms terms) {
    store.inTransaction(() -> store.write("setting payment terms").terms.put(customer, terms));
  }
}
