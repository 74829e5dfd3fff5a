package dev.fieldops.invoicing.adapter.postgres;

import dev.fieldops.invoicing.domain.customer.PaymentTermsRepository;
import dev.fieldops.invoicing.domain.customer.PaymentTermsRepositoryContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The PostgreSQL payment-terms adapter keeps the same contract as the in-memory fake. */
class JooqPaymentTermsRepositoryIT extends PaymentTermsRepositoryContract {

  private static InvoicingDatabase db;

  @BeforeAll
  static void createDatabase() {
    db = InvoicingDatabase.create();
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @Override
  protected PaymentTermsRepository terms() {
    return db.terms;
  }
}
