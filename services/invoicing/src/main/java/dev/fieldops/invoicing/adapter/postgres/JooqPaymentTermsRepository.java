package dev.fieldops.invoicing.adapter.postgres;

import static dev.fieldops.invoicing.adapter.postgres.jooq.Tables.CUSTOMER_PAYMENT_TERMS;

import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.customer.PaymentTermsRepository;
import dev.fieldops.jooq.Transactor;
import java.time.Clock;
import java.util.Optional;

/** Customers' agreed payment terms, one row per customer. */
public final class JooqPaymentTermsRepository implements PaymentTermsRepository {

  private final Transactor transactor;
  private final Clock clock;

  public JooqPaymentTermsRepository(Transactor transactor, Clock clock) {
    this.transactor = transactor;
    this.clock = clock;
  }

  @Override
  public Optional<PaymentTerms> termsFor(CustomerId customer) {
    return transactor.inTransaction(tx ->
        tx.select(CUSTOMER_PAYMENT_TERMS.NET_DAYS)
            .from(CUSTOMER_PAYMENT_TERMS)
            .where(CUSTOMER_PAYMENT_TERMS.CUSTOMER_ID.eq(customer.value()))
            .fetchOptional(CUSTOMER_PAYMENT_TERMS.NET_DAYS)
            .map(PaymentTerms::new));
  }

  @Override
  public void setTermsFor(CustomerId customer, PaymentTerms terms) {
    transactor.run(tx ->
        tx.insertInto(CUSTOMER_PAYMENT_TERMS)
            .set(CUSTOMER_PAYMENT_TERMS.CUSTOMER_ID, customer.value())
            .set(CUSTOMER_PAYMENT_TERMS.NET_DAYS, terms.netDays())
            .set(CUSTOMER_PAYMENT_TERMS.UPDATE_TIME, Times.at(clock.instant()))
            .onConflict(CUSTOMER_PAYMENT_TERMS.CUSTOMER_ID)
            .doUpdate()
            .set(CUSTOMER_PAYMENT_TERMS.NET_DAYS, terms.netDays())
            .set(CUSTOMER_PAYMENT_TERMS.UPDATE_TIME, Times.at(clock.instant()))
            .execute());
  }
}
