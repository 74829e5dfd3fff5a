package dev.fieldops.invoicing.domain.invoice;

import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.USD;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyCustomer;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyPaymentId;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.draftWithLines;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.eur;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.issuedInvoiceOf;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.lineOf;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.reference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.invoicing.domain.invoice.InvoiceEvent.InvoicePaid;
import dev.fieldops.invoicing.domain.invoice.InvoiceEvent.PaymentRecorded;
import dev.fieldops.invoicing.domain.money.Money;
import dev.fieldops.kernel.AlreadyExistsException;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.RuleViolationException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InvoicePaymentTest {

  private static final Instant PAY_TIME = Instant.parse("2026-03-20T10:00:00Z");

  @Test
  void a_partial_payment_leaves_the_invoice_issued_with_the_rest_due() {
    Invoice invoice = issuedInvoiceOf(anyCustomer(), eur("100.00"));

    Payment payment = invoice.recordPayment(anyPaymentId(), eur("40.00"), reference("tx-1"), PAY_TIME);

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
    invoice.recordPayment(anyPaymentId(), eur("40.00"), reference("tx-1"), PAY_TIME);
    invoice.pullEvents();

    invoice.recordPayment(anyPaymentId(), eur("60.00"), reference("tx-2"), PAY_TIME);

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
    invoice.recordPayment(anyPaymentId(), eur("99.00"), reference("tx-1"), PAY_TIME);
    InvoiceSnapshot before = invoice.snapshot();
    invoice.pullEvents();

    assertThatThrownBy(() -> invoice.recordPayment(anyPaymentId(), eur("1.01"), reference("tx-2"), PAY_TIME))
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
    invoice.recordPayment(anyPaymentId(), eur("10.00"), reference("BANK-2026-0001"), PAY_TIME);

    assertThatThrownBy(
            () -> invoice.recordPayment(anyPaymentId(), eur("10.00"), reference("BANK-2026-0001"), PAY_TIME))
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

    assertThatThrownBy(() -> invoice.recordPayment(anyPaymentId(), eur("0.00"), reference("tx"), PAY_TIME))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.reason()).isEqualTo("INVALID_PAYMENT_AMOUNT"));
    assertThatThrownBy(
            () -> invoice.recordPayment(anyPaymentId(), Money.ofMinor(USD, 100), reference("tx"), PAY_TIME))
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

    assertThatThrownBy(() -> draft.recordPayment(anyPaymentId(), eur("10.00"), reference("tx"), PAY_TIME))
        .isInstanceOfSatisfying(
            RuleViolationException.class, e -> assertThat(e.reason()).isEqualTo("INVOICE_NOT_ISSUED"));
  }

  @Test
  void a_paid_invoice_takes_no_further_payment() {
    Invoice invoice = issuedInvoiceOf(anyCustomer(), eur("10.00"));
    invoice.recordPayment(anyPaymentId(), eur("10.00"), reference("tx-1"), PAY_TIME);

    assertThatThrownBy(() -> invoice.recordPayment(anyPaymentId(), eur("0.01"), reference("tx-2"), PAY_TIME))
        .isInstanceOfSatisfying(
            RuleViolationException.class, e -> assertThat(e.reason()).isEqualTo("INVOICE_ALREADY_PAID"));
  }

  @Test
  void a_void_invoice_takes_no_payment() {
    Invoice invoice = issuedInvoiceOf(anyCustomer(), eur("10.00"));
    invoice.voidInvoice("issued to the wrong customer", PAY_TIME);

    assertThatThrownBy(() -> invoice.recordPayment(anyPaymentId(), eur("10.00"), reference("tx"), PAY_TIME))
        .isInstanceOfSatisfying(
            RuleViolationException.class, e -> assertThat(e.reason()).isEqualTo("INVOICE_VOIDED"));
  }
}
