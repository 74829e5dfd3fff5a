package dev.fieldops.invoicing.domain.customer;

import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.MONDAY_MORNING;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.ConcurrencyConflictException;
import dev.fieldops.kernel.ExpectedVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every implementation of {@link PaymentTermsRepository} must do; extended by the in-memory
 * fake and by the PostgreSQL adapter's integration test. Each test uses customers of its own.
 */
public abstract class PaymentTermsRepositoryContract {

  protected abstract PaymentTermsRepository terms();

  @Test
  void a_customer_has_no_agreed_terms_until_they_are_set() {
    CustomerId customer = anyCustomer();

    assertThat(terms().find(customer)).isEmpty();
    assertThat(terms().termsFor(customer)).isEmpty();
  }

  @Test
  void setting_terms_stores_them_at_version_one_and_each_new_setting_counts_up() {
    CustomerId customer = anyCustomer();

    CustomerPaymentTerms first =
        terms().set(customer, PaymentTerms.net(14), ExpectedVersion.any(), MONDAY_MORNING);
    CustomerPaymentTerms second =
        terms()
            .set(
                customer,
                PaymentTerms.net(45),
                ExpectedVersion.any(),
                MONDAY_MORNING.plus(Duration.ofDays(1)));

    assertThat(first)
        .isEqualTo(new CustomerPaymentTerms(customer, PaymentTerms.net(14), MONDAY_MORNING, 1));
    assertThat(second.version()).isEqualTo(2);
    assertThat(terms().find(customer)).contains(second);
    assertThat(terms().termsFor(customer)).contains(PaymentTerms.net(45));
    assertThat(terms().find(anyCustomer())).isEmpty();
  }

  @Test
  void a_setting_conditional_on_the_stored_version_succeeds_and_a_stale_one_changes_nothing() {
    CustomerId customer = anyCustomer();
    CustomerPaymentTerms first =
        terms().set(customer, PaymentTerms.net(14), ExpectedVersion.any(), MONDAY_MORNING);
    CustomerPaymentTerms second =
        terms()
            .set(
                customer,
                PaymentTerms.net(30),
                ExpectedVersion.of(first.version()),
                MONDAY_MORNING.plusSeconds(1));

    assertThatThrownBy(
            () ->
                terms()
                    .set(
                        customer,
                        PaymentTerms.net(60),
                        ExpectedVersion.of(first.version()),
                        MONDAY_MORNING))
        .isInstanceOfSatisfying(
            ConcurrencyConflictException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("ETAG_MISMATCH");
              assertThat(e.metadata()).containsEntry("customer_id", customer.value());
            });
    assertThat(terms().find(customer)).contains(second);
  }

  @Test
  void a_conditional_setting_for_a_customer_without_terms_is_stale() {
    CustomerId customer = anyCustomer();

    assertThatThrownBy(
            () ->
                terms().set(customer, PaymentTerms.net(7), ExpectedVersion.of(1L), MONDAY_MORNING))
        .isInstanceOf(ConcurrencyConflictException.class);
    assertThat(terms().find(customer)).isEmpty();
  }

  @Test
  void concurrent_settings_of_one_customer_each_get_a_version_of_their_own() throws Exception {
    CustomerId customer = anyCustomer();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Long> versions = new ArrayList<>();
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<CustomerPaymentTerms>> futures = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        int days = i;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return terms()
                      .set(customer, PaymentTerms.net(days), ExpectedVersion.any(), MONDAY_MORNING);
                }));
      }
      start.countDown();
      for (var future : futures) {
        versions.add(future.get(60, TimeUnit.SECONDS).version());
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(versions).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(terms().find(customer)).map(CustomerPaymentTerms::version).contains(6L);
  }

  @Test
  void the_time_of_setting_comes_back_to_the_microsecond() {
    CustomerId customer = anyCustomer();
    Instant now = Instant.parse("2026-03-02T09:00:00.123456Z");

    terms().set(customer, PaymentTerms.net(0), ExpectedVersion.any(), now);

    assertThat(terms().find(customer)).map(CustomerPaymentTerms::updateTime).contains(now);
  }
}
