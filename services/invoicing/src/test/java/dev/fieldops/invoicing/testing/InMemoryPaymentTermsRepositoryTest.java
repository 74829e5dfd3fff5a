package dev.fieldops.invoicing.testing;

import dev.fieldops.invoicing.domain.customer.PaymentTermsRepository;
import dev.fieldops.invoicing.domain.customer.PaymentTermsRepositoryContract;

/** The in-memory fake keeps the same contract as the PostgreSQL adapter. */
class InMemoryPaymentTermsRepositoryTest extends PaymentTermsRepositoryContract {

  private final InMemoryInvoicing db = new InMemoryInvoicing();

  @Override
  protected PaymentTermsRepository terms() {
    return db.terms;
  }
}
