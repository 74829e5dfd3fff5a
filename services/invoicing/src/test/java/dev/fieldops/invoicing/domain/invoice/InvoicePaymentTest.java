package dev.fieldops.invoicing.domain.invoice;

import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.USD;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyCustomer;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyPaymentId;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.draftWithLines;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.eur;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.issuedInvoiceOf;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.lineOf;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.reference;
import static dev.fieldops.invoicing.testing.Stamps.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.invoice.InvoiceEvent.InvoicePaid;
import dev.fieldops.invoicing.domain.invoice.InvoiceEvent.PaymentRecorded;
import dev.fieldops.invoicing.domain.money.Money;
import dev.fieldops.kernel.AlreadyExistsException;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.RuleViolationException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InvoicePaymentTest {

  private static final Instant PAY_TIME = Instant.parse("2026-03-20T10:00:00Z");

  @Test
  void a_partial_payment_leaves_the_invoice_issued_with_the_rest_due() {
    Invoice invoice = issuedInvoiceOf(anyCustomer(), eur("100.00"));

    Payment payment =
        invoice.recordPayment(anyPaymentId(), eur("40.00"), reference("tx-1"), at(PAY_TIME));

    assertThat(invoice.status()).isEqualTo(InvoiceStatus.ISSUED);
    assertThat(invoice.amountPaid()).isEqualTo(eur("40.00"));
    assertThat(invoice.amountDue()).isEqualTo(eur("60.00"));
    assertThat(invoice.payments()).containsExactly(payment);
    assertThat(invoice.pullEvents())
        .singleElement()
        .isInstanceOfSatisfying(
            PaymentRecorded.class,
            recorded -> {
              assertThat(recorded.paymentId()).isEqualTo(payment.id());
              assertThat(recorded.amount()).isEqualTo(eur("40.00"));
              assertThat(recorded.reference()).isEqualTo(reference("tx-1"));
              assertThat(recorded.amountPaid()).isEqualTo(eur("40.00"));
              assertThat(recorded.amountDue()).isEqualTo(eur("60.00"));
              assertThat(recorded.number()).isEqualTo(invoice.number().orElseThrow());
            });
  }

  @Test
  void the_payment_that_settles_the_invoice_makes_it_paid() {
    Invoice invoice = issuedInvoiceOf(anyCustomer(), eur("100.00"));
    invoice.recordPayment(anyPaymentId(), eur("40.00"), reference("tx-1"), at(PAY_TIME));
    invoice.pullEvents();

    invoice.recordPayment(anyPaymentId(), eur("60.00"), reference("tx-2"), at(PAY_TIME));

    assertThat(invoice.status()).isEqualTo(InvoiceStatus.PAID);
    assertThat(invoice.paidTime()).contains(PAY_TIME);
    assertThat(invoice.amountDue()).isEqualTo(eur("0.00"));
    assertThat(invoice.pullEvents())
        .hasExactlyElementsOfTypes(PaymentRecorded.class, InvoicePaid.class)
        .last()
        .isInstanceOfSatisfying(
            InvoicePaid.class,
            paid -> {
              assertThat(paid.total()).isEqualTo(eur("100.00"));
              assertThat(paid.paidTime()).isEqualTo(PAY_TIME);
            });
  }

  @Test
  void an_overpayment_is_refused_and_changes_nothing() {
    Invoice invoice = issuedInvoiceOf(anyCustomer(), eur("100.00"));
    invoice.recordPayment(anyPaymentId(), eur("99.00"), reference("tx-1"), at(PAY_TIME));
    InvoiceSnapshot before = invoice.snapshot();
    invoice.pullEvents();

    assertThatThrownBy(
            () ->
                invoice.recordPayment(anyPaymentId(), eur("1.01"), reference("tx-2"), at(PAY_TIME)))
        .isInstanceOfSatisfying(
            RuleViolationException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("OVERPAYMENT");
              assertThat(e.metadata()).containsEntry("amount_due", "EUR 1.00");
            });
    assertThat(invoice.snapshot()).isEqualTo(before);
    assertThat(invoice.pendingEvents()).isEmpty();
  }

  @Test
  void a_payment_reference_is_used_once_per_invoice() {
    Invoice invoice = issuedInvoiceOf(anyCustomer(), eur("100.00"));
    invoice.recordPayment(anyPaymentId(), eur("10.00"), reference("BANK-2026-0001"), at(PAY_TIME));

    assertThatThrownBy(
            () ->
                invoice.recordPayment(
                    anyPaymentId(), eur("10.00"), reference("BANK-2026-0001"), at(PAY_TIME)))
        .isInstanceOfSatisfying(
            AlreadyExistsException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("PAYMENT_REFERENCE_ALREADY_USED");
              assertThat(e.metadata()).containsEntry("payment_reference", "BANK-2026-0001");
            });
    assertThat(invoice.amountPaid()).isEqualTo(eur("10.00"));
  }

  @Test
  void a_payment_must_be_positive_and_in_the_invoices_currency() {
    Invoice invoice = issuedInvoiceOf(anyCustomer(), eur("100.00"));

    assertThatThrownBy(
            () -> invoice.recordPayment(anyPaymentId(), eur("0.00"), reference("tx"), at(PAY_TIME)))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.reason()).isEqualTo("INVALID_PAYMENT_AMOUNT"));
    assertThatThrownBy(
            () ->
                invoice.recordPayment(
                    anyPaymentId(), Money.ofMinor(USD, 100), reference("tx"), at(PAY_TIME)))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("CURRENCY_MISMATCH");
              assertThat(e.violations().getFirst().field()).isEqualTo("amount");
            });
  }

  @Test
  void a_draft_takes_no_payment() {
    Invoice draft = draftWithLines(anyCustomer(), lineOf(eur("10.00")));

    assertThatThrownBy(
            () -> draft.recordPayment(anyPaymentId(), eur("10.00"), reference("tx"), at(PAY_TIME)))
        .isInstanceOfSatisfying(
            RuleViolationException.class,
            e -> assertThat(e.reason()).isEqualTo("INVOICE_NOT_ISSUED"));
  }

  @Test
  void a_paid_invoice_takes_no_further_payment() {
    Invoice invoice = issuedInvoiceOf(anyCustomer(), eur("10.00"));
    invoice.recordPayment(anyPaymentId(), eur("10.00"), reference("tx-1"), at(PAY_TIME));

    assertThatThrownBy(
            () ->
                invoice.recordPayment(anyPaymentId(), eur("0.01"), reference("tx-2"), at(PAY_TIME)))
        .isInstanceOfSatisfying(
            RuleViolationException.class,
            e -> assertThat(e.reason()).isEqualTo("INVOICE_ALREADY_PAID"));
  }

  @Test
  void a_void_invoice_takes_no_payment() {
    Invoice invoice = issuedInvoiceOf(anyCustomer(), eur("10.00"));
    invoice.voidInvoice("issued to the wrong customer", at(PAY_TIME));

    assertThatThrownBy(
            () ->
                invoice.recordPayment(anyPaymentId(), eur("10.00"), reference("tx"), at(PAY_TIME)))
        .isInstanceOfSatisfying(
            RuleViolationException.class, e -> assertThat(e.reason()).isEqualTo("INVOICE_VOIDED"));
  }

  // ---- when the money arrived -----------------------------------------------------------------

  @Test
  void a_payment_keeps_when_its_money_arrived_apart_from_when_it_was_recorded() {
    Invoice invoice = issuedInvoiceOf(anyCustomer(), eur("100.00"));
    Instant arrived = PAY_TIME.minus(Duration.ofDays(3));

    Payment payment =
        invoice.recordPayment(
            anyPaymentId(), eur("40.00"), reference("tx-1"), arrived, at(PAY_TIME));

    assertThat(payment.receiveTime()).isEqualTo(arrived);
    assertThat(payment.recordTime()).isEqualTo(PAY_TIME);
    assertThat(invoice.pullEvents())
        .singleElement()
        .isInstanceOfSatisfying(
            PaymentRecorded.class,
            recorded -> {
              assertThat(recorded.receiveTime()).isEqualTo(arrived);
              assertThat(recorded.occurTime()).isEqualTo(PAY_TIME);
            });
  }

  @Test
  void a_payment_without_a_receive_time_arrived_when_it_was_recorded() {
    Invoice invoice = issuedInvoiceOf(anyCustomer(), eur("100.00"));

    Payment payment =
        invoice.recordPayment(anyPaymentId(), eur("40.00"), reference("tx-1"), at(PAY_TIME));

    assertThat(payment.receiveTime()).isEqualTo(PAY_TIME).isEqualTo(payment.recordTime());
  }

  @Test
  void money_received_before_the_invoice_was_issued_is_an_advance_and_refused() {
    Invoice invoice = issuedInvoiceOf(anyCustomer(), eur("100.00"));
    Instant issued = invoice.issueTime().orElseThrow();
    InvoiceSnapshot before = invoice.snapshot();

    assertThatThrownBy(
            () ->
                invoice.recordPayment(
                    anyPaymentId(),
                    eur("100.00"),
                    reference("tx-1"),
                    issued.minusNanos(1000),
                    at(PAY_TIME)))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("RECEIVE_TIME_BEFORE_ISSUE");
              assertThat(e.violations().getFirst().field()).isEqualTo("receive_time");
            });
    assertThat(invoice.snapshot()).isEqualTo(before);
    assertThat(invoice.pendingEvents()).isEmpty();
    assertThat(
            invoice
                .recordPayment(anyPaymentId(), eur("1.00"), reference("tx-2"), issued, at(PAY_TIME))
                .receiveTime())
        .as("money arriving at the very issue time is a payment")
        .isEqualTo(issued);
  }

  @Test
  void a_receive_time_in_the_future_is_refused_beyond_the_tolerated_clock_skew() {
    Invoice invoice = issuedInvoiceOf(anyCustomer(), eur("100.00"));

    assertThatThrownBy(
            () ->
                invoice.recordPayment(
                    anyPaymentId(),
                    eur("1.00"),
                    reference("tx-1"),
                    PAY_TIME.plus(Invoice.MAX_CLOCK_SKEW).plusNanos(1000),
                    at(PAY_TIME)))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.reason()).isEqualTo("RECEIVE_TIME_IN_FUTURE"));
    assertThat(
            invoice
                .recordPayment(
                    anyPaymentId(),
                    eur("1.00"),
                    reference("tx-2"),
                    PAY_TIME.plus(Invoice.MAX_CLOCK_SKEW),
                    at(PAY_TIME))
                .receiveTime())
        .isEqualTo(PAY_TIME.plus(Invoice.MAX_CLOCK_SKEW));
  }

  @Test
  void money_that_arrives_after_the_due_time_pays_the_invoice_late() {
    Invoice invoice = issuedInvoiceOf(anyCustomer(), eur("100.00"));
    Instant due = invoice.dueTime().orElseThrow();
    invoice.pullEvents();

    invoice.recordPayment(
        anyPaymentId(),
        eur("100.00"),
        reference("tx-1"),
        due.plusSeconds(1),
        at(due.plusSeconds(60)));

    assertThat(invoice.paidTime()).contains(due.plusSeconds(1));
    assertThat(invoice.snapshot().paidLate()).isTrue();
    assertThat(invoice.pullEvents())
        .last()
        .isInstanceOfSatisfying(
            InvoicePaid.class,
            paid -> {
              assertThat(paid.paidLate()).isTrue();
              assertThat(paid.paidTime()).isEqualTo(due.plusSeconds(1));
              assertThat(paid.occurTime()).isEqualTo(due.plusSeconds(60));
            });
  }

  @Test
  void
      money_that_arrived_by_the_due_time_is_on_time_even_when_recorded_after_the_invoice_was_flagged_overdue() {
    Invoice invoice = issuedInvoiceOf(anyCustomer(), eur("100.00"));
    Instant due = invoice.dueTime().orElseThrow();
    invoice.markOverdue(at(due.plus(Duration.ofDays(1))));
    invoice.pullEvents();

    invoice.recordPayment(
        anyPaymentId(), eur("100.00"), reference("tx-1"), due, at(due.plus(Duration.ofDays(2))));

    assertThat(invoice.overdue()).as("the flag records that InvoiceOverdue was raised").isTrue();
    assertThat(invoice.snapshot().paidLate()).isFalse();
    assertThat(invoice.pullEvents())
        .last()
        .isInstanceOfSatisfying(InvoicePaid.class, paid -> assertThat(paid.paidLate()).isFalse());
  }

  @Test
  void
      an_invoice_is_paid_when_the_last_of_its_money_arrived_whatever_order_the_payments_were_recorded_in() {
    Invoice invoice = issuedInvoiceOf(anyCustomer(), eur("100.00"));
    Instant due = invoice.dueTime().orElseThrow();
    invoice.recordPayment(
        anyPaymentId(),
        eur("60.00"),
        reference("tx-late"),
        due.plus(Duration.ofDays(2)),
        at(due.plus(Duration.ofDays(3))));

    invoice.recordPayment(
        anyPaymentId(),
        eur("40.00"),
        reference("tx-early"),
        due.minus(Duration.ofDays(5)),
        at(due.plus(Duration.ofDays(4))));

    assertThat(invoice.paidTime()).contains(due.plus(Duration.ofDays(2)));
    assertThat(invoice.snapshot().paidLate()).isTrue();
  }

  @Test
  void an_invoice_of_nothing_is_paid_on_time_when_issued() {
    Invoice invoice = draftWithLines(anyCustomer(), lineOf(eur("0.00")));

    invoice.issue(InvoiceFixtures.countingSeries(), PaymentTerms.net(0), at(PAY_TIME));

    assertThat(invoice.paidTime()).contains(PAY_TIME);
    assertThat(invoice.snapshot().paidLate()).isFalse();
  }
}
