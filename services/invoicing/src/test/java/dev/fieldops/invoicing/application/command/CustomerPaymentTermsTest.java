package dev.fieldops.invoicing.application.command;

import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.invoicing.application.query.GetCustomerPaymentTerms;
import dev.fieldops.invoicing.application.query.GetCustomerPaymentTermsHandler;
import dev.fieldops.invoicing.domain.charge.PriceList;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.customer.CustomerPaymentTerms;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.testing.InvoicingTestApp;
import dev.fieldops.invoicing.testing.Principals;
import dev.fieldops.kernel.ConcurrencyConflictException;
import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.PermissionDeniedException;
import dev.fieldops.kernel.Principal;
import dev.fieldops.test.time.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CustomerPaymentTermsTest {

  private final InvoicingTestApp app =
      new InvoicingTestApp(
          TestClock.at("2026-03-02T09:00:00Z"), PriceList.DEFAULTS, PaymentTerms.net(21));
  private final CustomerId customer = anyCustomer();

  @Test
  void a_customer_without_agreed_terms_gets_the_service_default() {
    GetCustomerPaymentTermsHandler.Result terms = get(Principals.billingClerk(), customer);

    assertThat(terms.terms()).isEqualTo(PaymentTerms.net(21));
    assertThat(terms.agreed()).isEmpty();
  }

  @Test
  void a_clerk_agrees_terms_that_the_customer_then_reads_as_its_own() {
    CustomerPaymentTerms agreed =
        app.setCustomerPaymentTerms.handle(
            new SetCustomerPaymentTerms(Principals.billingClerk(), customer, PaymentTerms.net(45)));

    GetCustomerPaymentTermsHandler.Result read = get(Principals.customer(customer), customer);

    assertThat(agreed)
        .isEqualTo(
            new CustomerPaymentTerms(customer, PaymentTerms.net(45), app.clock.instant(), 1));
    assertThat(read.terms()).isEqualTo(PaymentTerms.net(45));
    assertThat(read.agreed()).contains(agreed);
  }

  @Test
  void terms_set_on_a_stale_etag_are_refused_and_change_nothing() {
    CustomerPaymentTerms first =
        app.setCustomerPaymentTerms.handle(
            new SetCustomerPaymentTerms(Principals.billingClerk(), customer, PaymentTerms.net(45)));
    app.clock.advance(Duration.ofMinutes(1));
    CustomerPaymentTerms second =
        app.setCustomerPaymentTerms.handle(
            new SetCustomerPaymentTerms(
                Principals.admin(),
                customer,
                PaymentTerms.net(60),
                ExpectedVersion.of(first.version())));

    assertThatThrownBy(
            () ->
                app.setCustomerPaymentTerms.handle(
                    new SetCustomerPaymentTerms(
                        Principals.billingClerk(),
                        customer,
                        PaymentTerms.net(10),
                        ExpectedVersion.of(first.version()))))
        .isInstanceOfSatisfying(
            ConcurrencyConflictException.class,
            e -> assertThat(e.reason()).isEqualTo("ETAG_MISMATCH"));
    assertThat(get(Principals.billingClerk(), customer).agreed()).contains(second);
    assertThat(second.updateTime()).isEqualTo(app.clock.instant());
  }

  @Test
  void a_customer_reads_only_its_own_terms_and_sets_none() {
    CustomerId other = anyCustomer();

    assertThatThrownBy(() -> get(Principals.customer(customer), other))
        .isInstanceOfSatisfying(
            NotFoundException.class, e -> assertThat(e.reason()).isEqualTo("CUSTOMER_NOT_FOUND"));
    assertThatThrownBy(
            () ->
                app.setCustomerPaymentTerms.handle(
                    new SetCustomerPaymentTerms(
                        Principals.customer(customer), customer, PaymentTerms.net(90))))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> get(Principals.supportAgent(), customer))
        .isInstanceOf(PermissionDeniedException.class);
  }

  private GetCustomerPaymentTermsHandler.Result get(Principal caller, CustomerId whose) {
    return app.getCustomerPaymentTerms.handle(new GetCustomerPaymentTerms(caller, whose));
  }
}
