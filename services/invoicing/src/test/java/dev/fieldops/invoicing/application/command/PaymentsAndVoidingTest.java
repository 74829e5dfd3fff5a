package dev.fieldops.invoicing.application.command;

import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.EUR;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyCustomer;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.eur;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.lineOf;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.reference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.invoicing.domain.charge.ChargeFilter;
import dev.fieldops.invoicing.domain.charge.ChargeKind;
import dev.fieldops.invoicing.domain.charge.ChargeSnapshot;
import dev.fieldops.invoicing.domain.customer.AccessScope;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.invoice.InvoiceEvent;
import dev.fieldops.invoicing.domain.invoice.InvoiceEvent.InvoiceIssued;
import dev.fieldops.invoicing.domain.invoice.InvoiceEvent.InvoicePaid;
import dev.fieldops.invoicing.domain.invoice.InvoiceEvent.InvoiceVoided;
import dev.fieldops.invoicing.domain.invoice.InvoiceEvent.PaymentRecorded;
import dev.fieldops.invoicing.domain.invoice.InvoiceFilter;
import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.invoicing.domain.invoice.InvoiceSnapshot;
import dev.fieldops.invoicing.domain.invoice.InvoiceStatus;
import dev.fieldops.invoicing.domain.invoice.SourceReference;
import dev.fieldops.invoicing.domain.money.Money;
import dev.fieldops.invoicing.domain.money.Quantity;
import dev.fieldops.invoicing.testing.InvoicingTestApp;
import dev.fieldops.invoicing.testing.Principals;
import dev.fieldops.kernel.AlreadyExistsException;
import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.PermissionDeniedException;
import dev.fieldops.kernel.RuleViolationException;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.test.time.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PaymentsAndVoidingTest {

  private final InvoicingTestApp app = new InvoicingTestApp(TestClock.at("2026-03-02T09:00:00Z"));
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
        .hasExactlyElementsOfTypes(
            InvoiceIssued.class, PaymentRecorded.class, PaymentRecorded.class, InvoicePaid.class);
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
                    new RecordPayment(
                        Principals.customer(customer),
                        invoice.id(),
                        eur("1.00"),
                        reference("x"),
                        Optional.empty(),
                        ExpectedVersion.any())))
        .isInstanceOf(PermissionDeniedException.class);
  }

  @Test
  void an_unpaid_issued_invoice_is_voided_with_its_reason_announced() {
    InvoiceSnapshot invoice = issuedInvoiceOf(eur("100.00"));

    InvoiceSnapshot voided =
        app.voidInvoice.handle(
            new VoidInvoice(
                Principals.billingClerk(),
                invoice.id(),
                "sent to the wrong customer",
                false,
                ExpectedVersion.of(invoice.version())));

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
            () ->
                app.voidInvoice.handle(
                    new VoidInvoice(
                        Principals.admin(),
                        invoice.id(),
                        "duplicate",
                        false,
                        ExpectedVersion.any())))
        .isInstanceOfSatisfying(
            RuleViolationException.class,
            e -> assertThat(e.reason()).isEqualTo("INVOICE_HAS_PAYMENTS"));
    assertThat(app.db.outbox(InvoiceVoided.class)).isEmpty();
  }

  private InvoiceSnapshot issuedInvoiceOf(Money total) {
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

  private RecordPaymentHandler.Result pay(InvoiceSnapshot invoice, Money amount, String ref) {
    return app.recordPayment.handle(
        new RecordPayment(
            Principals.billingClerk(),
            invoice.id(),
            amount,
            reference(ref),
            Optional.empty(),
            ExpectedVersion.any()));
  }

  // ---- when the money arrived -----------------------------------------------------------------

  @Test
  void
      a_payment_is_recorded_now_as_received_when_the_bank_says_and_that_decides_whether_it_was_late() {
    InvoiceSnapshot onTime = issuedInvoiceOf(eur("100.00"));
    InvoiceSnapshot late = issuedInvoiceOf(eur("100.00"));
    Instant due = onTime.dueTime().orElseThrow();
    app.clock.advance(Duration.ofDays(40));

    RecordPaymentHandler.Result paidOnTime =
        pay(onTime, eur("100.00"), "BANK-1", Optional.of(due.minus(Duration.ofDays(1))));
    RecordPaymentHandler.Result paidLate = pay(late, eur("100.00"), "BANK-2", Optional.empty());

    assertThat(paidOnTime.payment().receiveTime()).isEqualTo(due.minus(Duration.ofDays(1)));
    assertThat(paidOnTime.payment().recordTime()).isEqualTo(app.clock.instant());
    assertThat(paidOnTime.invoice().paidTime()).contains(due.minus(Duration.ofDays(1)));
    assertThat(paidLate.payment().receiveTime()).isEqualTo(app.clock.instant());
    assertThat(app.db.outbox(InvoicePaid.class))
        .extracting(InvoicePaid::paidLate)
        .containsExactly(false, true);
  }

  @Test
  void money_received_before_the_invoice_was_issued_is_refused_and_nothing_is_recorded() {
    InvoiceSnapshot invoice = issuedInvoiceOf(eur("100.00"));

    assertThatThrownBy(
            () ->
                pay(
                    invoice,
                    eur("10.00"),
                    "BANK-1",
                    Optional.of(invoice.issueTime().orElseThrow().minusSeconds(1))))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.reason()).isEqualTo("RECEIVE_TIME_BEFORE_ISSUE"));
    assertThat(app.db.outbox(PaymentRecorded.class)).isEmpty();
  }

  // ---- voiding and the charges ----------------------------------------------------------------

  @Test
  void
      voiding_with_the_charges_released_returns_them_to_unbilled_and_the_next_draft_bills_each_once() {
    ChargeSnapshot first = recordCharge("ops/1");
    ChargeSnapshot second = recordCharge("ops/2");
    InvoiceSnapshot wrong =
        issue(
            app.draftFromUnbilledCharges.handle(
                new DraftInvoiceFromUnbilledCharges(
                    Principals.billingClerk(), customer, EUR, Optional.empty())));

    InvoiceSnapshot voided =
        app.voidInvoice.handle(
            new VoidInvoice(
                Principals.billingClerk(),
                wrong.id(),
                "billed the wrong month",
                true,
                ExpectedVersion.any()));

    assertThat(voided.status()).isEqualTo(InvoiceStatus.VOID);
    assertThat(voided.lines())
        .extracting(line -> line.chargeId().orElseThrow())
        .as("the void invoice keeps its lines as the record")
        .containsExactly(first.id().value(), second.id().value());
    assertThat(unbilled())
        .extracting(ChargeSnapshot::id)
        .containsExactlyInAnyOrder(first.id(), second.id());
    assertThat(app.db.outbox(InvoiceVoided.class))
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.chargesReleased()).isTrue();
              assertThat(event.releasedChargeIds())
                  .containsExactly(first.id().value(), second.id().value());
            });

    InvoiceSnapshot right =
        issue(
            app.draftFromUnbilledCharges.handle(
                new DraftInvoiceFromUnbilledCharges(
                    Principals.billingClerk(), customer, EUR, Optional.empty())));

    assertThat(unbilled()).isEmpty();
    for (ChargeSnapshot charge : List.of(first, second)) {
      assertThat(nonVoidIssuedInvoicesBilling(charge)).containsExactly(right.id());
      assertThat(
              app.db
                  .charges
                  .find(charge.id(), AccessScope.everyCustomer())
                  .orElseThrow()
                  .billedInvoiceId())
          .contains(right.id());
    }
  }

  @Test
  void voiding_without_releasing_keeps_the_charges_billed_by_the_void_invoice() {
    ChargeSnapshot charge = recordCharge("ops/1");
    InvoiceSnapshot invoice =
        issue(
            app.draftFromUnbilledCharges.handle(
                new DraftInvoiceFromUnbilledCharges(
                    Principals.billingClerk(), customer, EUR, Optional.empty())));

    app.voidInvoice.handle(
        new VoidInvoice(
            Principals.billingClerk(), invoice.id(), "written off", false, ExpectedVersion.any()));

    assertThat(unbilled()).isEmpty();
    assertThat(
            app.db
                .charges
                .find(charge.id(), AccessScope.everyCustomer())
                .orElseThrow()
                .billedInvoiceId())
        .contains(invoice.id());
  }

  @Test
  void a_refused_void_releases_no_charge() {
    recordCharge("ops/1");
    InvoiceSnapshot invoice =
        issue(
            app.draftFromUnbilledCharges.handle(
                new DraftInvoiceFromUnbilledCharges(
                    Principals.billingClerk(), customer, EUR, Optional.empty())));
    pay(invoice, eur("1.00"), "BANK-1");

    assertThatThrownBy(
            () ->
                app.voidInvoice.handle(
                    new VoidInvoice(
                        Principals.billingClerk(),
                        invoice.id(),
                        "too late",
                        true,
                        ExpectedVersion.any())))
        .isInstanceOfSatisfying(
            RuleViolationException.class,
            e -> assertThat(e.reason()).isEqualTo("INVOICE_HAS_PAYMENTS"));
    assertThat(unbilled()).isEmpty();
  }

  private RecordPaymentHandler.Result pay(
      InvoiceSnapshot invoice, Money amount, String ref, Optional<Instant> received) {
    return app.recordPayment.handle(
        new RecordPayment(
            Principals.billingClerk(),
            invoice.id(),
            amount,
            reference(ref),
            received,
            ExpectedVersion.any()));
  }

  private ChargeSnapshot recordCharge(String source) {
    return app.recordUnbilledCharge
        .handle(
            new RecordUnbilledCharge(
                Principals.billingClerk(),
                customer,
                ChargeKind.OTHER,
                "Visit " + source,
                Quantity.ofWhole(1),
                Optional.empty(),
                Optional.of(eur("10.00")),
                Optional.empty(),
                Optional.empty(),
                new SourceReference(source),
                Instant.parse("2026-02-20T10:00:00Z")))
        .charge();
  }

  private InvoiceSnapshot issue(InvoiceSnapshot draft) {
    return app.issueInvoice.handle(
        new IssueInvoice(Principals.billingClerk(), draft.id(), ExpectedVersion.any()));
  }

  private List<ChargeSnapshot> unbilled() {
    return app.db
        .charges
        .listUnbilled(
            ChargeFilter.ofCustomer(customer), AccessScope.everyCustomer(), PageRequest.first(50))
        .items();
  }

  /** The invoices that are issued (or paid) and bill {@code charge} on one of their lines. */
  private List<InvoiceId> nonVoidIssuedInvoicesBilling(ChargeSnapshot charge) {
    return app
        .db
        .invoices
        .list(
            InvoiceFilter.all().withCustomer(customer),
            AccessScope.everyCustomer(),
            PageRequest.first(50))
        .items()
        .stream()
        .filter(
            invoice ->
                invoice.status() == InvoiceStatus.ISSUED || invoice.status() == InvoiceStatus.PAID)
        .filter(
            invoice ->
                invoice.lines().stream()
                    .anyMatch(line -> line.chargeId().equals(Optional.of(charge.id().value()))))
        .map(InvoiceSnapshot::id)
        .toList();
  }
}
