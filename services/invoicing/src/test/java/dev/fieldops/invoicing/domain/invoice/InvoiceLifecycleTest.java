package dev.fieldops.invoicing.domain.invoice;

import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.EUR;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.MONDAY_MORNING;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.USD;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyCustomer;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyInvoiceId;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyLineId;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.countingSeries;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.draftFor;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.draftWithLines;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.eur;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.issuedInvoiceOf;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.line;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.lineOf;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.untouchableSeries;
import static dev.fieldops.invoicing.testing.Stamps.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.invoice.InvoiceEvent.InvoiceIssued;
import dev.fieldops.invoicing.domain.invoice.InvoiceEvent.InvoicePaid;
import dev.fieldops.invoicing.domain.money.Money;
import dev.fieldops.invoicing.domain.money.QuantityUnit;
import dev.fieldops.invoicing.domain.numbering.InvoiceNumber;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.RuleViolationException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InvoiceLifecycleTest {

  private static final Instant ISSUE_TIME = Instant.parse("2026-04-10T15:30:00Z");

  @Test
  void a_new_draft_is_empty_unnumbered_at_version_one_and_raises_no_event() {
    CustomerId customer = anyCustomer();
    Invoice draft = draftFor(customer);

    assertThat(draft.status()).isEqualTo(InvoiceStatus.DRAFT);
    assertThat(draft.customerId()).isEqualTo(customer);
    assertThat(draft.lines()).isEmpty();
    assertThat(draft.number()).isEmpty();
    assertThat(draft.version()).isEqualTo(1);
    assertThat(draft.pendingEvents()).isEmpty();
  }

  @Test
  void a_draft_gains_and_loses_lines_and_its_totals_follow() {
    Invoice draft = draftFor(anyCustomer());

    InvoiceLine kept =
        draft.addLine(anyLineId(), line("2", eur("10.00"), 1900), "line", MONDAY_MORNING);
    InvoiceLine dropped =
        draft.addLine(anyLineId(), line("1", eur("5.00"), 0), "line", MONDAY_MORNING);
    assertThat(draft.totals().total()).isEqualTo(eur("28.80"));

    InvoiceLine removed = draft.removeLine(dropped.id(), MONDAY_MORNING);

    assertThat(removed).isEqualTo(dropped);
    assertThat(draft.lines()).containsExactly(kept);
    assertThat(draft.totals().total()).isEqualTo(eur("23.80"));
    assertThat(draft.version()).isEqualTo(4);
    assertThat(draft.pendingEvents()).as("drafting is private to billing").isEmpty();
  }

  @Test
  void a_line_in_another_currency_is_refused_naming_the_field() {
    Invoice draft = draftFor(anyCustomer(), EUR);

    assertThatThrownBy(
            () ->
                draft.addLine(
                    anyLineId(),
                    lineOf(Money.ofMinor(USD, 100)),
                    "invoice.lines[2]",
                    MONDAY_MORNING))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("CURRENCY_MISMATCH");
              assertThat(e.violations().getFirst().field())
                  .isEqualTo("invoice.lines[2].unit_price");
            });
    assertThat(draft.lines()).isEmpty();
    assertThat(draft.version()).isEqualTo(1);
  }

  @Test
  void a_line_needs_a_description_and_a_price_that_is_not_negative() {
    Invoice draft = draftFor(anyCustomer());
    NewInvoiceLine blank =
        new NewInvoiceLine(
            " ", InvoiceFixtures.quantity("1"), eur("1.00"), TaxRate.ZERO, Optional.empty());
    NewInvoiceLine negative =
        new NewInvoiceLine(
            "Refund", InvoiceFixtures.quantity("1"), eur("-1.00"), TaxRate.ZERO, Optional.empty());

    assertThatThrownBy(() -> draft.addLine(anyLineId(), blank, "line", MONDAY_MORNING))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.violations().getFirst().field()).isEqualTo("line.description"));
    assertThatThrownBy(() -> draft.addLine(anyLineId(), negative, "line", MONDAY_MORNING))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.reason()).isEqualTo("INVALID_UNIT_PRICE"));
  }

  @Test
  void a_line_description_counts_characters_so_an_emoji_is_one() {
    Invoice draft = draftFor(anyCustomer());
    String emoji = "\uD83D\uDCE6";
    NewInvoiceLine fits =
        new NewInvoiceLine(
            emoji.repeat(InvoiceLine.MAX_DESCRIPTION_LENGTH),
            InvoiceFixtures.quantity("1"),
            eur("1.00"),
            TaxRate.ZERO,
            Optional.empty());
    NewInvoiceLine tooLong =
        new NewInvoiceLine(
            emoji.repeat(InvoiceLine.MAX_DESCRIPTION_LENGTH + 1),
            InvoiceFixtures.quantity("1"),
            eur("1.00"),
            TaxRate.ZERO,
            Optional.empty());

    draft.addLine(anyLineId(), fits, "line", MONDAY_MORNING);

    assertThat(draft.lines()).hasSize(1);
    assertThatThrownBy(() -> draft.addLine(anyLineId(), tooLong, "line", MONDAY_MORNING))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.violations().getFirst().field()).isEqualTo("line.description"));
  }

  @Test
  void a_line_that_would_take_the_total_beyond_the_largest_invoice_total_is_refused() {
    Invoice draft = draftFor(anyCustomer());
    NewInvoiceLine largest =
        new NewInvoiceLine(
            "Plant",
            InvoiceFixtures.quantity("1"),
            eur("10000000.00"),
            TaxRate.ZERO,
            Optional.empty());
    NewInvoiceLine cent =
        new NewInvoiceLine(
            "Screw", InvoiceFixtures.quantity("1"), eur("0.01"), TaxRate.ZERO, Optional.empty());
    draft.addLine(anyLineId(), largest, "line", MONDAY_MORNING);

    assertThatThrownBy(() -> draft.addLine(anyLineId(), cent, "line", MONDAY_MORNING))
        .isInstanceOfSatisfying(
            RuleViolationException.class,
            e -> assertThat(e.reason()).isEqualTo("INVOICE_TOTAL_TOO_LARGE"));
    assertThat(draft.lines()).hasSize(1);
    assertThat(draft.totals().total().minorUnits()).isEqualTo(Money.MAX_MINOR_UNITS);
  }

  @Test
  void a_draft_holds_at_most_the_maximum_number_of_lines() {
    Invoice draft = draftFor(anyCustomer());
    for (int i = 0; i < Invoice.MAX_LINES; i++) {
      draft.addLine(anyLineId(), lineOf(eur("1.00")), "line", MONDAY_MORNING);
    }

    assertThatThrownBy(
            () -> draft.addLine(anyLineId(), lineOf(eur("1.00")), "line", MONDAY_MORNING))
        .isInstanceOfSatisfying(
            RuleViolationException.class, e -> assertThat(e.reason()).isEqualTo("TOO_MANY_LINES"));
  }

  @Test
  void removing_a_line_the_draft_does_not_have_is_not_found() {
    Invoice draft = draftWithLines(anyCustomer(), lineOf(eur("1.00")));

    assertThatThrownBy(() -> draft.removeLine(anyLineId(), MONDAY_MORNING))
        .isInstanceOfSatisfying(
            NotFoundException.class,
            e -> assertThat(e.reason()).isEqualTo("INVOICE_LINE_NOT_FOUND"));
  }

  @Test
  void cannot_issue_an_invoice_without_lines_and_no_number_is_drawn() {
    Invoice draft = draftFor(anyCustomer());

    assertThatThrownBy(() -> draft.issue(untouchableSeries(), PaymentTerms.DEFAULT, at(ISSUE_TIME)))
        .isInstanceOfSatisfying(
            RuleViolationException.class,
            e -> assertThat(e.reason()).isEqualTo("INVOICE_HAS_NO_LINES"));
    assertThat(draft.status()).isEqualTo(InvoiceStatus.DRAFT);
    assertThat(draft.number()).isEmpty();
  }

  @Test
  void issuing_numbers_the_invoice_in_the_series_of_the_issue_year_and_sets_the_due_time() {
    Invoice draft = draftWithLines(anyCustomer(), line("3", eur("19.99"), 1900));
    InvoiceTotals totalsAsDrafted = draft.totals();

    draft.issue(year -> new InvoiceNumber(year, 42), PaymentTerms.net(14), at(ISSUE_TIME));

    assertThat(draft.status()).isEqualTo(InvoiceStatus.ISSUED);
    assertThat(draft.number()).map(InvoiceNumber::toString).contains("INV-2026-000042");
    assertThat(draft.issueTime()).contains(ISSUE_TIME);
    assertThat(draft.dueTime()).contains(ISSUE_TIME.plus(Duration.ofDays(14)));
    assertThat(draft.totals()).isEqualTo(totalsAsDrafted);
    assertThat(draft.amountDue()).isEqualTo(totalsAsDrafted.total());
  }

  @Test
  void the_invoices_own_terms_override_the_customers() {
    Invoice draft =
        Invoice.createDraft(
            anyInvoiceId(), anyCustomer(), EUR, Optional.of(PaymentTerms.net(7)), MONDAY_MORNING);
    draft.addLine(anyLineId(), lineOf(eur("10.00")), "line", MONDAY_MORNING);

    draft.issue(countingSeries(), PaymentTerms.net(60), at(ISSUE_TIME));

    assertThat(draft.dueTime()).contains(ISSUE_TIME.plus(Duration.ofDays(7)));
  }

  @Test
  void issuing_raises_invoice_issued_with_number_totals_due_time_and_customer() {
    CustomerId customer = anyCustomer();
    Invoice draft = draftWithLines(customer, line("2", eur("50.00"), 2000));

    draft.issue(countingSeries(), PaymentTerms.DEFAULT, at(ISSUE_TIME));

    assertThat(draft.pullEvents())
        .singleElement()
        .isInstanceOfSatisfying(
            InvoiceIssued.class,
            issued -> {
              assertThat(issued.invoiceId()).isEqualTo(draft.id());
              assertThat(issued.customerId()).isEqualTo(customer);
              assertThat(issued.number()).isEqualTo(draft.number().orElseThrow());
              assertThat(issued.totals().total()).isEqualTo(eur("120.00"));
              assertThat(issued.issueTime()).isEqualTo(ISSUE_TIME);
              assertThat(issued.dueTime()).isEqualTo(ISSUE_TIME.plus(Duration.ofDays(30)));
              assertThat(issued.occurTime()).isEqualTo(ISSUE_TIME);
              assertThat(issued.aggregateVersion()).isEqualTo(draft.version());
              assertThat(issued.aggregateId()).isEqualTo(draft.id().value());
            });
    assertThat(draft.pullEvents()).as("pulled events are handed over once").isEmpty();
  }

  @Test
  void issuing_records_how_many_lines_the_invoice_bills() {
    Invoice draft =
        draftWithLines(anyCustomer(), line("1", eur("10.00"), 0), line("3", eur("5.00"), 0));

    draft.issue(countingSeries(), PaymentTerms.DEFAULT, at(ISSUE_TIME));

    assertThat(draft.pullEvents())
        .singleElement()
        .isInstanceOfSatisfying(
            InvoiceIssued.class, issued -> assertThat(issued.lineCount()).isEqualTo(2));
  }

  @Test
  void an_issued_invoice_is_immutable_except_for_payments_and_void() {
    Invoice issued = issuedInvoiceOf(anyCustomer(), eur("100.00"));
    InvoiceLine line = issued.lines().getFirst();

    assertThatThrownBy(() -> issued.addLine(anyLineId(), lineOf(eur("1.00")), "line", ISSUE_TIME))
        .isInstanceOfSatisfying(
            RuleViolationException.class,
            e -> assertThat(e.reason()).isEqualTo("INVOICE_NOT_DRAFT"));
    assertThatThrownBy(() -> issued.removeLine(line.id(), ISSUE_TIME))
        .isInstanceOfSatisfying(
            RuleViolationException.class,
            e -> assertThat(e.reason()).isEqualTo("INVOICE_NOT_DRAFT"));
    assertThatThrownBy(
            () -> issued.issue(untouchableSeries(), PaymentTerms.DEFAULT, at(ISSUE_TIME)))
        .isInstanceOfSatisfying(
            RuleViolationException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("INVOICE_NOT_DRAFT");
              assertThat(e.metadata()).containsEntry("status", "ISSUED");
            });
    assertThat(issued.lines()).containsExactly(line);
  }

  @Test
  void an_invoice_that_adds_up_to_zero_is_settled_by_issuing_it() {
    Invoice draft = draftWithLines(anyCustomer(), lineOf(eur("0.00")));

    draft.issue(countingSeries(), PaymentTerms.DEFAULT, at(ISSUE_TIME));

    assertThat(draft.status()).isEqualTo(InvoiceStatus.PAID);
    assertThat(draft.paidTime()).contains(ISSUE_TIME);
    assertThat(draft.pullEvents())
        .hasExactlyElementsOfTypes(InvoiceIssued.class, InvoicePaid.class);
  }

  @Test
  void every_change_increments_the_version_and_events_carry_the_version_after_their_change() {
    Invoice draft = draftWithLines(anyCustomer(), lineOf(eur("10.00")));
    long drafted = draft.version();

    draft.issue(countingSeries(), PaymentTerms.DEFAULT, at(ISSUE_TIME));
    draft.recordPayment(
        InvoiceFixtures.anyPaymentId(),
        eur("10.00"),
        InvoiceFixtures.reference("tx-1"),
        at(ISSUE_TIME));

    assertThat(draft.version()).isEqualTo(drafted + 3);
    assertThat(draft.pullEvents())
        .extracting(InvoiceEvent::aggregateVersion)
        .containsExactly(drafted + 1, drafted + 2, drafted + 3);
  }

  @Test
  void a_snapshot_reconstitutes_the_same_invoice_without_raising_events() {
    Invoice issued = issuedInvoiceOf(anyCustomer(), eur("80.00"));
    issued.recordPayment(
        InvoiceFixtures.anyPaymentId(),
        eur("30.00"),
        InvoiceFixtures.reference("tx-9"),
        at(ISSUE_TIME));
    InvoiceSnapshot snapshot = issued.snapshot();

    Invoice again = Invoice.reconstitute(snapshot);

    assertThat(again.snapshot()).isEqualTo(snapshot);
    assertThat(again.pendingEvents()).isEmpty();
    assertThat(again.amountDue()).isEqualTo(eur("50.00"));
  }

  // ---- memo, units and charges ----------------------------------------------------------------

  @Test
  void a_draft_keeps_its_memo_and_issuing_announces_it() {
    Invoice draft =
        Invoice.createDraft(
            anyInvoiceId(),
            anyCustomer(),
            EUR,
            Optional.empty(),
            Optional.of(Memo.of("PO 4711\nMarch", "invoice.memo")),
            MONDAY_MORNING);
    draft.addLine(anyLineId(), lineOf(eur("10.00")), "line", MONDAY_MORNING);

    draft.issue(countingSeries(), PaymentTerms.DEFAULT, at(ISSUE_TIME));

    assertThat(draft.memo()).map(Memo::text).contains("PO 4711\nMarch");
    assertThat(draft.snapshot().memo()).isEqualTo(draft.memo());
    assertThat(draft.pullEvents())
        .first()
        .isInstanceOfSatisfying(
            InvoiceIssued.class, issued -> assertThat(issued.memo()).isEqualTo(draft.memo()));
  }

  @ParameterizedTest(name = "memo \"{0}\"")
  @ValueSource(strings = {" ", "\n\t", "bell\u0007", "null\u0000byte"})
  void a_memo_must_print_as_typed(String memo) {
    assertThatThrownBy(() -> Memo.of(memo, "invoice.memo"))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("INVALID_MEMO");
              assertThat(e.violations().getFirst().field()).isEqualTo("invoice.memo");
            });
  }

  @Test
  void a_memo_counts_characters_not_utf16_units() {
    String twoThousandEmoji = "\uD83D\uDCB6".repeat(Memo.MAX_LENGTH);

    assertThat(Memo.of(twoThousandEmoji, "invoice.memo").text()).isEqualTo(twoThousandEmoji);
    assertThatThrownBy(() -> Memo.of(twoThousandEmoji + "x", "invoice.memo"))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void a_line_keeps_its_unit_and_the_charge_it_bills_and_issuing_names_the_charges() {
    UUID charge = UUID.randomUUID();
    Invoice draft = draftFor(anyCustomer());
    InvoiceLine billed =
        draft.addLine(
            anyLineId(),
            new NewInvoiceLine(
                "Support, 45 minutes",
                InvoiceFixtures.quantity("45"),
                Optional.of(QuantityUnit.MINUTE),
                eur("1.50"),
                TaxRate.ZERO,
                Optional.empty(),
                Optional.of(charge)),
            "line",
            MONDAY_MORNING);
    InvoiceLine typed =
        draft.addLine(anyLineId(), line("2", eur("5.00"), 0), "line", MONDAY_MORNING);

    draft.issue(countingSeries(), PaymentTerms.DEFAULT, at(ISSUE_TIME));

    assertThat(billed.unit()).contains(QuantityUnit.MINUTE);
    assertThat(billed.chargeId()).contains(charge);
    assertThat(typed.unit()).isEmpty();
    assertThat(typed.chargeId()).isEmpty();
    assertThat(draft.pullEvents())
        .first()
        .isInstanceOfSatisfying(
            InvoiceIssued.class, issued -> assertThat(issued.chargeIds()).containsExactly(charge));
  }

  @Test
  void a_charge_is_billed_by_one_line_of_an_invoice_at_most() {
    UUID charge = UUID.randomUUID();
    NewInvoiceLine billing =
        new NewInvoiceLine(
            "Visit",
            InvoiceFixtures.quantity("1"),
            Optional.empty(),
            eur("5.00"),
            TaxRate.ZERO,
            Optional.empty(),
            Optional.of(charge));
    Invoice draft = draftFor(anyCustomer());
    draft.addLine(anyLineId(), billing, "line", MONDAY_MORNING);

    assertThatThrownBy(() -> draft.addLine(anyLineId(), billing, "line", MONDAY_MORNING))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(draft.lines()).hasSize(1);
  }
}
