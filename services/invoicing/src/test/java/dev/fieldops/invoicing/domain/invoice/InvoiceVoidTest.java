package dev.fieldops.invoicing.domain.invoice;

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
import dev.fieldops.invoicing.domain.invoice.InvoiceEvent.InvoiceVoided;
import dev.fieldops.invoicing.domain.money.QuantityUnit;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.RuleViolationException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class InvoiceVoidTest {

  private static final Instant VOID_TIME = Instant.parse("2026-03-05T08:00:00Z");

  @Test
  void an_issued_invoice_without_payments_is_voided_and_keeps_its_number() {
    Invoice invoice = issuedInvoiceOf(anyCustomer(), eur("100.00"));
    var number = invoice.number().orElseThrow();

    invoice.voidInvoice("issued to the wrong customer", at(VOID_TIME));

    assertThat(invoice.status()).isEqualTo(InvoiceStatus.VOID);
    assertThat(invoice.voidTime()).contains(VOID_TIME);
    assertThat(invoice.number()).contains(number);
    assertThat(invoice.amountDue()).isEqualTo(eur("0.00"));
    assertThat(invoice.pullEvents())
        .singleElement()
        .isInstanceOfSatisfying(
            InvoiceVoided.class,
            voided -> {
              assertThat(voided.reason()).isEqualTo("issued to the wrong customer");
              assertThat(voided.number()).isEqualTo(number);
              assertThat(voided.voidTime()).isEqualTo(VOID_TIME);
            });
  }

  @Test
  void voiding_records_the_total_no_longer_owed_and_whether_it_was_overdue() {
    Invoice onTime = issuedInvoiceOf(anyCustomer(), eur("42.00"));
    Invoice late = issuedInvoiceOf(anyCustomer(), eur("42.00"));
    late.markOverdue(at(late.dueTime().orElseThrow().plusSeconds(60)));
    late.pullEvents();

    onTime.voidInvoice("billed twice", at(VOID_TIME));
    late.voidInvoice("billed twice", at(late.dueTime().orElseThrow().plusSeconds(120)));

    assertThat(onTime.pullEvents())
        .singleElement()
        .isInstanceOfSatisfying(
            InvoiceVoided.class,
            voided -> {
              assertThat(voided.total()).isEqualTo(eur("42.00"));
              assertThat(voided.wasOverdue()).isFalse();
            });
    assertThat(late.pullEvents())
        .singleElement()
        .isInstanceOfSatisfying(
            InvoiceVoided.class, voided -> assertThat(voided.wasOverdue()).isTrue());
  }

  @ParameterizedTest(name = "reason \"{0}\"")
  @NullSource
  @ValueSource(strings = {"", "   "})
  void voiding_needs_a_reason(String reason) {
    Invoice invoice = issuedInvoiceOf(anyCustomer(), eur("100.00"));

    assertThatThrownBy(() -> invoice.voidInvoice(reason, at(VOID_TIME)))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("VOID_REASON_REQUIRED");
              assertThat(e.violations().getFirst().field()).isEqualTo("reason");
            });
    assertThat(invoice.status()).isEqualTo(InvoiceStatus.ISSUED);
  }

  @Test
  void a_partly_paid_invoice_cannot_be_voided() {
    Invoice invoice = issuedInvoiceOf(anyCustomer(), eur("100.00"));
    invoice.recordPayment(anyPaymentId(), eur("0.01"), reference("tx-1"), at(VOID_TIME));

    assertThatThrownBy(() -> invoice.voidInvoice("duplicate", at(VOID_TIME)))
        .isInstanceOfSatisfying(
            RuleViolationException.class,
            e -> assertThat(e.reason()).isEqualTo("INVOICE_HAS_PAYMENTS"));
    assertThat(invoice.status()).isEqualTo(InvoiceStatus.ISSUED);
  }

  @Test
  void a_paid_invoice_cannot_be_voided() {
    Invoice invoice = issuedInvoiceOf(anyCustomer(), eur("100.00"));
    invoice.recordPayment(anyPaymentId(), eur("100.00"), reference("tx-1"), at(VOID_TIME));

    assertThatThrownBy(() -> invoice.voidInvoice("duplicate", at(VOID_TIME)))
        .isInstanceOfSatisfying(
            RuleViolationException.class,
            e -> assertThat(e.reason()).isEqualTo("INVOICE_HAS_PAYMENTS"));
    assertThat(invoice.status()).isEqualTo(InvoiceStatus.PAID);
  }

  @Test
  void a_draft_cannot_be_voided_because_it_was_never_issued() {
    Invoice draft = draftWithLines(anyCustomer(), lineOf(eur("1.00")));

    assertThatThrownBy(() -> draft.voidInvoice("not needed", at(VOID_TIME)))
        .isInstanceOfSatisfying(
            RuleViolationException.class,
            e -> assertThat(e.reason()).isEqualTo("INVOICE_NOT_ISSUED"));
  }

  @Test
  void a_void_invoice_cannot_be_voided_again() {
    Invoice invoice = issuedInvoiceOf(anyCustomer(), eur("100.00"));
    invoice.voidInvoice("wrong customer", at(VOID_TIME));

    assertThatThrownBy(() -> invoice.voidInvoice("again", at(VOID_TIME)))
        .isInstanceOfSatisfying(
            RuleViolationException.class,
            e -> assertThat(e.reason()).isEqualTo("INVOICE_ALREADY_VOID"));
  }

  @Test
  void voiding_with_the_charges_released_names_the_charges_its_lines_bill_and_keeps_the_lines() {
    UUID charge = UUID.randomUUID();
    Invoice invoice = draftWithLines(anyCustomer(), lineOf(eur("5.00")), chargeLine(charge));
    invoice.issue(
        InvoiceFixtures.countingSeries(), PaymentTerms.DEFAULT, at(VOID_TIME.minusSeconds(60)));
    invoice.pullEvents();

    List<UUID> released = invoice.voidInvoice("billed the wrong month", true, at(VOID_TIME));

    assertThat(released).containsExactly(charge);
    assertThat(invoice.lines())
        .hasSize(2)
        .last()
        .satisfies(line -> assertThat(line.chargeId()).contains(charge));
    assertThat(invoice.pullEvents())
        .singleElement()
        .isInstanceOfSatisfying(
            InvoiceVoided.class,
            voided -> {
              assertThat(voided.chargesReleased()).isTrue();
              assertThat(voided.releasedChargeIds()).containsExactly(charge);
            });
  }

  @Test
  void voiding_without_releasing_leaves_the_charges_billed_by_the_void_invoice() {
    Invoice invoice = draftWithLines(anyCustomer(), chargeLine(UUID.randomUUID()));
    invoice.issue(
        InvoiceFixtures.countingSeries(), PaymentTerms.DEFAULT, at(VOID_TIME.minusSeconds(60)));
    invoice.pullEvents();

    List<UUID> released = invoice.voidInvoice("written off", false, at(VOID_TIME));

    assertThat(released).isEmpty();
    assertThat(invoice.pullEvents())
        .singleElement()
        .isInstanceOfSatisfying(
            InvoiceVoided.class,
            voided -> {
              assertThat(voided.chargesReleased()).isFalse();
              assertThat(voided.releasedChargeIds()).isEmpty();
            });
  }

  @Test
  void a_refused_void_releases_nothing() {
    Invoice invoice = draftWithLines(anyCustomer(), chargeLine(UUID.randomUUID()));
    invoice.issue(
        InvoiceFixtures.countingSeries(), PaymentTerms.DEFAULT, at(VOID_TIME.minusSeconds(60)));
    invoice.recordPayment(anyPaymentId(), eur("0.01"), reference("tx"), at(VOID_TIME));

    assertThatThrownBy(() -> invoice.voidInvoice("too late", true, at(VOID_TIME)))
        .isInstanceOfSatisfying(
            RuleViolationException.class,
            e -> assertThat(e.reason()).isEqualTo("INVOICE_HAS_PAYMENTS"));
  }

  private static NewInvoiceLine chargeLine(UUID charge) {
    return new NewInvoiceLine(
        "Support, 45 minutes",
        InvoiceFixtures.quantity("45"),
        Optional.of(QuantityUnit.MINUTE),
        eur("1.50"),
        TaxRate.ZERO,
        Optional.empty(),
        Optional.of(charge));
  }
}
