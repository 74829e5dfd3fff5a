package dev.fieldops.invoicing.adapter.postgres;

import static dev.fieldops.invoicing.adapter.postgres.jooq.Tables.CUSTOMER_PAYMENT_TERMS;

import dev.fieldops.invoicing.adapter.postgres.jooq.tables.records.CustomerPaymentTermsRecord;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.customer.CustomerPaymentTerms;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.customer.PaymentTermsRepository;
import dev.fieldops.jooq.Transactor;
import dev.fieldops.kernel.ConcurrencyConflictException;
import dev.fieldops.kernel.ExpectedVersion;
import java.time.Instant;
import java.util.Optional;

/**
 * Customers' agreed payment terms, one row per customer. Setting them is one statement: an upsert
 * when unconditional (concurrent first settings of one customer cannot both insert), a
 * compare-and-set on the version when the caller sent an etag.
 */
public final class JooqPaymentTermsRepository implements PaymentTermsRepository {

  private final Transactor transactor;

  public JooqPaymentTermsRepository(Transactor transactor) {
    this.transactor = transactor;
  }

  @Override
  public Optional<CustomerPaymentTerms> find(CustomerId customer) {
    return transactor.read(
        tx ->
            tx.selectFrom(CUSTOMER_PAYMENT_TERMS)
                .where(CUSTOMER_PAYMENT_TERMS.CUSTOMER_ID.eq(customer.value()))
                .fetchOptional()
                .map(JooqPaymentTermsRepository::terms));
  }

  @Override
  public CustomerPaymentTerms set(
      CustomerId customer, PaymentTerms terms, ExpectedVersion expectedVersion, Instant now) {
    return transactor.joined(
        tx -> {
          Optional<CustomerPaymentTermsRecord> stored;
          if (!expectedVersion.isAny()) {
            stored =
                tx.update(CUSTOMER_PAYMENT_TERMS)
                    .set(CUSTOMER_PAYMENT_TERMS.NET_DAYS, terms.netDays())
                    .set(CUSTOMER_PAYMENT_TERMS.UPDATE_TIME, Times.at(now))
                    .set(CUSTOMER_PAYMENT_TERMS.VERSION, CUSTOMER_PAYMENT_TERMS.VERSION.plus(1L))
                    .where(CUSTOMER_PAYMENT_TERMS.CUSTOMER_ID.eq(customer.value()))
                    .and(CUSTOMER_PAYMENT_TERMS.VERSION.eq(expectedVersion.version()))
                    .returning()
                    .fetchOptional();
          } else {
            stored =
                tx.insertInto(CUSTOMER_PAYMENT_TERMS)
                    .set(CUSTOMER_PAYMENT_TERMS.CUSTOMER_ID, customer.value())
                    .set(CUSTOMER_PAYMENT_TERMS.NET_DAYS, terms.netDays())
                    .set(CUSTOMER_PAYMENT_TERMS.UPDATE_TIME, Times.at(now))
                    .set(CUSTOMER_PAYMENT_TERMS.VERSION, 1L)
                    .onConflict(CUSTOMER_PAYMENT_TERMS.CUSTOMER_ID)
                    .doUpdate()
                    .set(CUSTOMER_PAYMENT_TERMS.NET_DAYS, terms.netDays())
                    .set(CUSTOMER_PAYMENT_TERMS.UPDATE_TIME, Times.at(now))
                    .set(CUSTOMER_PAYMENT_TERMS.VERSION, CUSTOMER_PAYMENT_TERMS.VERSION.plus(1L))
                    .returning()
                    .fetchOptional();
          }
          return terms(
              stored.orElseThrow(
                  () -> ConcurrencyConflictException.etagMismatch("customer", customer.value())));
        });
  }

  private static CustomerPaymentTerms terms(CustomerPaymentTermsRecord row) {
    return new CustomerPaymentTerms(
        new CustomerId(row.getCustomerId()),
        new PaymentTerms(row.getNetDays()),
        Times.instant(row.getUpdateTime()),
        row.getVersion());
  }
}
