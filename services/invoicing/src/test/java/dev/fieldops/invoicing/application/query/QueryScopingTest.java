package dev.fieldops.invoicing.application.query;

import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.EUR;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyCustomer;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyInvoiceId;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.eur;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.lineOf;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.reference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.invoicing.application.command.CreateInvoice;
import dev.fieldops.invoicing.application.command.IssueInvoice;
import dev.fieldops.invoicing.application.command.RecordPayment;
import dev.fieldops.invoicing.application.command.RecordUnbilledCharge;
import dev.fieldops.invoicing.domain.charge.ChargeFilter;
import dev.fieldops.invoicing.domain.charge.ChargeKind;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.invoice.CustomerBalance;
import dev.fieldops.invoicing.domain.invoice.CustomerBalance.CurrencyBalance;
import dev.fieldops.invoicing.domain.invoice.InvoiceFilter;
import dev.fieldops.invoicing.domain.invoice.InvoiceSnapshot;
import dev.fieldops.invoicing.domain.invoice.InvoiceStatus;
import dev.fieldops.invoicing.domain.invoice.Payment;
import dev.fieldops.invoicing.domain.invoice.SourceReference;
import dev.fieldops.invoicing.domain.money.Money;
import dev.fieldops.invoicing.domain.money.Quantity;
import dev.fieldops.invoicing.testing.InvoicingTestApp;
import dev.fieldops.invoicing.testing.Principals;
import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.PermissionDeniedException;
import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.paging.Page;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.test.time.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A customer sees its own invoicing data, another customer's is not found, outsiders get nothing.
 */
class QueryScopingTest {

  private final InvoicingTestApp app = new InvoicingTestApp(TestClock.at("2026-03-02T09:00:00Z"));
  private final CustomerId acme = anyCustomer();
  private final CustomerId globex = anyCustomer();

  @Test
  void a_customer_reads_its_own_invoice_and_another_customers_is_not_found_exactly_as_if_missing() {
    InvoiceSnapshot acmes = issuedInvoiceOf(acme, eur("10.00"));
    InvoiceSnapshot globexs = issuedInvoiceOf(globex, eur("10.00"));

    assertThat(app.getInvoice.handle(new GetInvoice(Principals.customer(acme), acmes.id())))
        .isEqualTo(acmes);
    NotFoundException foreign =
        catchNotFound(
            () -> app.getInvoice.handle(new GetInvoice(Principals.customer(acme), globexs.id())));
    NotFoundException missing =
        catchNotFound(
            () -> app.getInvoice.handle(new GetInvoice(Principals.customer(acme), anyInvoiceId())));
    assertThat(foreign.reason()).isEqualTo(missing.reason()).isEqualTo("INVOICE_NOT_FOUND");
  }

  @Test
  void a_customers_list_holds_only_its_own_invoices_whatever_it_filters_by() {
    InvoiceSnapshot acmes = issuedInvoiceOf(acme, eur("10.00"));
    issuedInvoiceOf(globex, eur("10.00"));

    Page<InvoiceSnapshot> all =
        app.listInvoices.handle(
            new ListInvoices(
                Principals.customer(acme), InvoiceFilter.all(), PageRequest.first(50)));
    Page<InvoiceSnapshot> snooping =
        app.listInvoices.handle(
            new ListInvoices(
                Principals.customer(acme),
                InvoiceFilter.all().withCustomer(globex),
                PageRequest.first(50)));
    Page<InvoiceSnapshot> staff =
        app.listInvoices.handle(
            new ListInvoices(
                Principals.billingClerk(),
                InvoiceFilter.all().withStatus(InvoiceStatus.ISSUED),
                PageRequest.first(50)));

    assertThat(all.items()).containsExactly(acmes);
    assertThat(snooping.items()).isEmpty();
    assertThat(staff.items()).hasSize(2);
  }

  @Test
  void payments_are_read_through_the_invoice_they_belong_to() {
    InvoiceSnapshot acmes = issuedInvoiceOf(acme, eur("10.00"));
    app.recordPayment.handle(
        new RecordPayment(
            Principals.billingClerk(),
            acmes.id(),
            eur("4.00"),
            reference("BANK-1"),
            Optional.empty(),
            ExpectedVersion.any()));

    Page<Payment> payments =
        app.listInvoicePayments.handle(
            new ListInvoicePayments(Principals.customer(acme), acmes.id(), PageRequest.first(10)));

    assertThat(payments.items()).extracting(p -> p.amount()).containsExactly(eur("4.00"));
    assertThatThrownBy(
            () ->
                app.listInvoicePayments.handle(
                    new ListInvoicePayments(
                        Principals.customer(globex), acmes.id(), PageRequest.first(10))))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void a_customer_lists_only_its_own_unbilled_charges() {
    recordCharge(acme, "ops/acme-1");
    recordCharge(globex, "ops/globex-1");

    assertThat(
            app.listUnbilledCharges
                .handle(
                    new ListUnbilledCharges(
                        Principals.customer(acme), ChargeFilter.all(), PageRequest.first(10)))
                .items())
        .singleElement()
        .satisfies(charge -> assertThat(charge.customerId()).isEqualTo(acme));
    assertThat(
            app.listUnbilledCharges
                .handle(
                    new ListUnbilledCharges(
                        Principals.customer(acme),
                        ChargeFilter.ofCustomer(globex),
                        PageRequest.first(10)))
                .items())
        .isEmpty();
  }

  @Test
  void a_customer_reads_its_own_balance_and_another_customers_is_not_found() {
    InvoiceSnapshot invoice = issuedInvoiceOf(acme, eur("10.00"));
    app.clock.advance(Duration.ofDays(31));

    CustomerBalance balance =
        app.getCustomerBalance.handle(new GetCustomerBalance(Principals.customer(acme), acme));

    assertThat(balance.asOf()).isEqualTo(app.clock.instant());
    assertThat(balance.balances())
        .containsExactly(
            new CurrencyBalance(
                EUR, eur("10.00"), eur("10.00"), 1, 1, invoice.dueTime().orElseThrow()));
    assertThat(invoice.dueTime()).isPresent();
    assertThatThrownBy(
            () ->
                app.getCustomerBalance.handle(
                    new GetCustomerBalance(Principals.customer(acme), globex)))
        .isInstanceOfSatisfying(
            NotFoundException.class, e -> assertThat(e.reason()).isEqualTo("CUSTOMER_NOT_FOUND"));
    assertThat(
            app.getCustomerBalance
                .handle(new GetCustomerBalance(Principals.billingClerk(), anyCustomer()))
                .balances())
        .isEmpty();
  }

  @Test
  void a_support_agent_reads_nothing_here() {
    Principal agent = Principals.supportAgent();

    assertThatThrownBy(
            () ->
                app.listInvoices.handle(
                    new ListInvoices(agent, InvoiceFilter.all(), PageRequest.first(10))))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> app.getCustomerBalance.handle(new GetCustomerBalance(agent, acme)))
        .isInstanceOf(PermissionDeniedException.class);
  }

  private InvoiceSnapshot issuedInvoiceOf(CustomerId customer, Money total) {
    InvoiceSnapshot draft =
        app.createInvoice.handle(
            new CreateInvoice(
                Principals.billingClerk(),
                customer,
                EUR,
                Optional.empty(),
                List.of(lineOf(total))));
    return app.issueInvoice.handle(
        new IssueInvoice(Principals.billingClerk(), draft.id(), ExpectedVersion.any()));
  }

  private void recordCharge(CustomerId customer, String source) {
    app.recordUnbilledCharge.handle(
        new RecordUnbilledCharge(
            Principals.billingClerk(),
            customer,
            ChargeKind.OTHER,
            "Visit",
            Quantity.ofWhole(1),
            Optional.empty(),
            Optional.of(eur("50.00")),
            Optional.empty(),
            Optional.empty(),
            new SourceReference(source),
            Instant.parse("2026-03-01T10:00:00Z")));
  }

  private static NotFoundException catchNotFound(Runnable call) {
    try {
      call.run();
    } catch (NotFoundException e) {
      return e;
    }
    throw new AssertionError("expected NOT_FOUND");
  }
}
