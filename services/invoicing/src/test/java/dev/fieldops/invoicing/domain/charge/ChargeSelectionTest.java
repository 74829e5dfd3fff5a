package dev.fieldops.invoicing.domain.charge;

import static dev.fieldops.invoicing.domain.charge.ChargeFixtures.anyChargeId;
import static dev.fieldops.invoicing.domain.charge.ChargeFixtures.chargeOf;
import static dev.fieldops.invoicing.domain.charge.ChargeFixtures.recorded;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.EUR;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.MONDAY_MORNING;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.USD;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyCustomer;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyInvoiceId;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.eur;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.invoice.Invoice;
import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.invoicing.domain.invoice.InvoiceLine;
import dev.fieldops.invoicing.domain.money.Money;
import dev.fieldops.invoicing.domain.money.QuantityUnit;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.RuleViolationException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChargeSelectionTest {

  private static final Instant FIRST_OF_APRIL = Instant.parse("2026-04-01T00:00:00Z");

  private final CustomerId customer = anyCustomer();

  @Test
  void without_chosen_charges_it_covers_the_customers_unbilled_charges_in_the_currency() {
    ChargeSelection selection = ChargeSelection.everyCharge(customer, EUR);

    assertThat(selection.covers(unbilled(chargeOf(customer, eur("1.00"), 0)))).isTrue();
    assertThat(selection.covers(unbilled(chargeOf(anyCustomer(), eur("1.00"), 0)))).isFalse();
    assertThat(selection.covers(unbilled(chargeOf(customer, Money.ofMinor(USD, 100), 0))))
        .isFalse();
    assertThat(selection.covers(billed(chargeOf(customer, eur("1.00"), 0)))).isFalse();
  }

  @Test
  void a_cut_off_covers_only_charges_that_occurred_strictly_before_it() {
    ChargeSelection march =
        new ChargeSelection(customer, EUR, Optional.of(FIRST_OF_APRIL), List.of());

    assertThat(march.covers(unbilled(occurredAt(FIRST_OF_APRIL.minusNanos(1000))))).isTrue();
    assertThat(march.covers(unbilled(occurredAt(FIRST_OF_APRIL)))).isFalse();
    assertThat(march.covers(unbilled(occurredAt(FIRST_OF_APRIL.plus(Duration.ofDays(3))))))
        .isFalse();
  }

  @Test
  void chosen_charges_are_the_only_ones_covered() {
    ChargeSnapshot chosen = unbilled(chargeOf(customer, eur("1.00"), 0));
    ChargeSnapshot other = unbilled(chargeOf(customer, eur("1.00"), 0));

    ChargeSelection selection =
        new ChargeSelection(customer, EUR, Optional.empty(), List.of(chosen.id()));

    assertThat(selection.chosenByCaller()).isTrue();
    assertThat(selection.covers(chosen)).isTrue();
    assertThat(selection.covers(other)).isFalse();
  }

  @Test
  void chosen_charges_that_are_all_billable_pass() {
    ChargeSnapshot first = unbilled(chargeOf(customer, eur("1.00"), 0));
    ChargeSnapshot second = unbilled(chargeOf(customer, eur("2.00"), 5));
    ChargeSelection selection =
        new ChargeSelection(
            customer, EUR, Optional.of(FIRST_OF_APRIL), List.of(second.id(), first.id()));

    assertThatCode(() -> selection.requireBillable(List.of(first, second)))
        .doesNotThrowAnyException();
  }

  @Test
  void a_chosen_charge_that_does_not_exist_is_named_by_its_position() {
    ChargeSnapshot known = unbilled(chargeOf(customer, eur("1.00"), 0));
    ChargeSelection selection =
        new ChargeSelection(customer, EUR, Optional.empty(), List.of(known.id(), anyChargeId()));

    assertRefused(selection, List.of(known), "CHARGE_NOT_FOUND", "charge_ids[1]");
  }

  @Test
  void a_chosen_charge_of_another_customer_is_refused() {
    ChargeSnapshot theirs = unbilled(chargeOf(anyCustomer(), eur("1.00"), 0));

    assertRefused(chosen(theirs), List.of(theirs), "CHARGE_OF_ANOTHER_CUSTOMER", "charge_ids[0]");
  }

  @Test
  void a_chosen_charge_in_another_currency_is_refused() {
    ChargeSnapshot inDollars = unbilled(chargeOf(customer, Money.ofMinor(USD, 100), 0));

    assertRefused(chosen(inDollars), List.of(inDollars), "CURRENCY_MISMATCH", "charge_ids[0]");
  }

  @Test
  void a_chosen_charge_already_billed_is_refused() {
    ChargeSnapshot alreadyBilled = billed(chargeOf(customer, eur("1.00"), 0));

    assertRefused(
        chosen(alreadyBilled), List.of(alreadyBilled), "CHARGE_ALREADY_BILLED", "charge_ids[0]");
  }

  @Test
  void a_chosen_charge_at_or_after_the_cut_off_is_refused_rather_than_left_out() {
    ChargeSnapshot before = unbilled(occurredAt(FIRST_OF_APRIL.minusSeconds(1)));
    ChargeSnapshot atCutOff = unbilled(occurredAt(FIRST_OF_APRIL));
    ChargeSelection selection =
        new ChargeSelection(
            customer, EUR, Optional.of(FIRST_OF_APRIL), List.of(before.id(), atCutOff.id()));

    assertRefused(
        selection, List.of(before, atCutOff), "CHARGE_NOT_BEFORE_CUT_OFF", "charge_ids[1]");
  }

  @Test
  void the_first_offending_charge_is_the_one_named() {
    ChargeSnapshot theirs = unbilled(chargeOf(anyCustomer(), eur("1.00"), 0));
    ChargeSnapshot alreadyBilled = billed(chargeOf(customer, eur("1.00"), 0));
    ChargeSelection selection =
        new ChargeSelection(
            customer, EUR, Optional.empty(), List.of(alreadyBilled.id(), theirs.id()));

    assertRefused(
        selection, List.of(theirs, alreadyBilled), "CHARGE_ALREADY_BILLED", "charge_ids[0]");
  }

  @Test
  void a_charge_chosen_twice_or_more_charges_than_a_draft_holds_are_refused() {
    var twice = anyChargeId();
    List<ChargeId> tooMany =
        IntStream.rangeClosed(0, Invoice.MAX_LINES).mapToObj(i -> anyChargeId()).toList();

    assertThatThrownBy(
            () ->
                new ChargeSelection(
                    customer, EUR, Optional.empty(), List.of(anyChargeId(), twice, twice)))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("DUPLICATE_CHARGE_ID");
              assertThat(e.violations().getFirst().field()).isEqualTo("charge_ids[2]");
            });
    assertThatThrownBy(() -> new ChargeSelection(customer, EUR, Optional.empty(), tooMany))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.reason()).isEqualTo("TOO_MANY_CHARGES"));
  }

  @Test
  void a_line_drafted_from_a_charge_takes_its_unit_and_names_it() {
    InvoiceId invoiceId = anyInvoiceId();
    UnbilledCharge minutes = recorded(ChargeFixtures.supportMinutes(customer, 45));
    minutes.billTo(invoiceId);

    Invoice draft =
        ChargeInvoicing.draftFrom(
            invoiceId,
            ChargeSelection.everyCharge(customer, EUR),
            Optional.of(PaymentTerms.net(14)),
            List.of(minutes.snapshot()),
            MONDAY_MORNING);

    InvoiceLine line = draft.lines().getFirst();
    assertThat(line.unit()).contains(QuantityUnit.MINUTE);
    assertThat(line.chargeId()).contains(minutes.id().value());
    assertThat(line.id()).isEqualTo(minutes.id().asLineId());
  }

  @Test
  void nothing_before_the_cut_off_is_no_draft_and_says_so() {
    ChargeSelection march =
        new ChargeSelection(customer, EUR, Optional.of(FIRST_OF_APRIL), List.of());

    assertThatThrownBy(
            () ->
                ChargeInvoicing.draftFrom(
                    anyInvoiceId(),
                    march,
                    Optional.empty(),
                    Collections.emptyList(),
                    MONDAY_MORNING))
        .isInstanceOfSatisfying(
            RuleViolationException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("NO_UNBILLED_CHARGES");
              assertThat(e.metadata()).containsEntry("occur_before", FIRST_OF_APRIL.toString());
            });
  }

  @Test
  void each_kind_of_charge_counts_in_the_unit_its_price_is_for() {
    assertThat(ChargeKind.SUPPORT_MINUTES.unit()).contains(QuantityUnit.MINUTE);
    assertThat(ChargeKind.DEVICE_MONITORING.unit()).contains(QuantityUnit.DEVICE_MONTH);
    assertThat(ChargeKind.OTHER.unit()).isEmpty();
  }

  private ChargeSelection chosen(ChargeSnapshot charge) {
    return new ChargeSelection(customer, EUR, Optional.empty(), List.of(charge.id()));
  }

  private ChargeDetails occurredAt(Instant time) {
    ChargeDetails details = chargeOf(customer, eur("1.00"), 0);
    return new ChargeDetails(
        details.customerId(),
        details.kind(),
        details.description(),
        details.quantity(),
        details.unit(),
        details.unitPrice(),
        details.taxRate(),
        details.sourceReference(),
        time);
  }

  private static ChargeSnapshot unbilled(ChargeDetails details) {
    return recorded(details).snapshot();
  }

  private static ChargeSnapshot billed(ChargeDetails details) {
    UnbilledCharge charge = recorded(details);
    charge.billTo(anyInvoiceId());
    return charge.snapshot();
  }

  private static void assertRefused(
      ChargeSelection selection, List<ChargeSnapshot> found, String reason, String field) {
    assertThatThrownBy(() -> selection.requireBillable(found))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.violations())
                  .singleElement()
                  .satisfies(v -> assertThat(v.field()).isEqualTo(field));
            });
  }
}
