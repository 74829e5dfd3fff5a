package dev.fieldops.invoicing.application.command;

import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.EUR;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyCustomer;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.eur;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.lineOf;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.reference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.PermissionDeniedException;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.invoice.InvoiceEvent;
import dev.fieldops.invoicing.domain.invoice.InvoiceEvent.InvoiceIssued;
import dev.fieldops.invoicing.domain.invoice.InvoiceEvent.InvoicePaid;
import dev.fieldops.invoicing.domain.invoice.InvoiceEvent.InvoiceVoided;
import dev.fieldops.invoicing.domain.invoice.InvoiceEvent.PaymentRecorded;
import dev.fieldops.invoicing.domain.invoice.InvoiceSnapshot;
import dev.fieldops.invoicing.domain.invoice.InvoiceStatus;
import dev.fieldops.invoicing.domain.money.Money;
import dev.fieldops.invoicing.testing.InvoicingTestApp;
import dev.fieldops.invoicing.testing.MutableClock;
import dev.fieldops.invoicing.testing.Principals;
import dev.fieldops.kernel.AlreadyExistsException;
import dev.fieldops.kernel.RuleViolationException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PaymentsAndVoidingTest {

  private final InvoicingTestApp app = new InvoicingTestApp(MutableClock.at("2026-03-02T09:00:00Z"));
  private final CustomerId customer = anyCustomer();

  @Test
  void partial_payments_then_the_settling_one_make_the_invoice_paid_and_each_is_announced_once() {
    InvoiceSnapshot invoice = issuedInvoiceOf(eur("100.00"));
    app.clock.advance(Duration.ofDays(3));

    RecordPaymentHandler.Result partial = pay(invoice, eur("30.00"), "BANK-1");
    RecordPaymentHandler.Result settling = pay(invoice, eur("70.00"), "BANK-2");

    assertThat(partial.invoice().status()).isEqualTo(InvoiceStatus.ISSUED);
    assertThat(partial.invoice().amountDue()).isEqualTo(eur("70.00"));
    assertThat(settling.invoice().status()).isEqualTo(InvoiceStatus.PAID);
    assertThat(settling.invoice().paidTime()).contains(app.clock.instant());
    assertThat(settling.payment().reference()).isEqualTo(reference("BANK-2"));
    assertThat(app.db.outbox(InvoiceEvent.class))
        .hasExactlyElementsOfTypes(InvoiceIssued.class, PaymentRecorded.class, PaymentRecorded.class, InvoicePaid.class);
  }

  @Test
  void an_overpayment_is_refused_and_nothing_is_recorded() {
    InvoiceSnapshot invoice = issuedInvoiceOf(eur("100.00"));

    assertThatThrownBy(() -> pay(invoice, eur("100.01"), "BANK-1"))
        .isInstanceOfSatisfying(
            RuleViolationException.class, e -> assertThat(e.reason()).isEqualTo("OVERPAYMENT"));
    assertThat(app.db.outbox(PaymentRecorded.class)).isEmpty();
  }

  @Test
  void the_same_payment_reference_is_refused_the_second_time() {
    InvoiceSnapshot invoice = issuedInvoiceOf(eur("100.00"));
    pay(invoice, eur("10.00"), "BANK-1");

    assertThatThrownBy(() -> pay(invoice, eur("10.00"), "BANK-1"))
        .isInstanceOfSatisfying(
            AlreadyExistsException.class,
            e -> assertThat(e.reason()).isEqualTo("PAYMENT_REFERENCE_ALREADY_USED"));
    assertThat(app.db.outbox(PaymentRecorded.class)).hasSize(1);
  }

  @Test
  void a_customer_cannot_record_a_payment_on_its_own_invoice() {
    InvoiceSnapshot invoice = issuedInvoiceOf(eur("100.00"));

    assertThatThrownBy(
            () ->
                app.recordPayment.handle(
                    new RecordPayment(Principals.customer(customer), invoice.id(), eur("1.00"), reference("x"), Optional.empty())))
        .isInstanceOf(PermissionDeniedException.class);
  }

  @Test
  void an_unpaid_issued_invoice_is_voided_with_its_reason_announced() {
    InvoiceSnapshot invoice = issuedInvoiceOf(eur("100.00"));

    InvoiceSnapshot voided =
        app.voidInvoice.handle(new VoidInvoice(Principals.billingClerk(), invoice.id(), "sent to the wrong customer", Optional.of(invoice.version())));

    assertThat(voided.status()).isEqualTo(InvoiceStatus.VOID);
    assertThat(voided.voidReason()).contains("sent to the wrong customer");
    assertThat(app.db.outbox(InvoiceVoided.class))
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).isEqualTo("sent to the wrong customer"));
  }

  @Test
  void a_partly_paid_invoice_cannot_be_voided() {
    InvoiceSnapshot invoice = issuedInvoiceOf(eur("100.00"));
    pay(invoice, eur("1.00"), "BANK-1");

    assertThatThrownBy(
            () -> app.voidInvoice.handle(new VoidInvoice(Principals.admin(), invoice.id(), "duplicate", Optional.empty())))
        .isInstanceOfSatisfying(
            RuleViolationException.class, e -> assertThat(e.reason()).isEqualTo("INVOICE_HAS_PAYMENTS"));
    assertThat(app.db.outbox(InvoiceVoided.class)).isEmpty();
  }

  private InvoiceSnapshot issuedInvoiceOf(Money total) {
    InvoiceSnapshot draft =
        app.createInvoice.handle(new CreateInvoice(Principals.billingClerk(), customer, EUR, Optional.empty(), List.of(lineOf(total))));
    return app.issueInvoice.handle(new IssueInvoice(Principals.billingClerk(), draft.id(), Optional.empty()));
  }

  private RecordPaymentHandler.Result pay(InvoiceSnapshot invoice, Money amount, String ref) {
    return app.recordPayment.handle(
        new RecordPayment(Principals.billingClerk(), invoice.id(), amount, reference(ref), Optional.empty()));
  }
}
