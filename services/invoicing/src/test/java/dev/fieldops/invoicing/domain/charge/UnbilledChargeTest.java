package dev.fieldops.invoicing.domain.charge;

import static dev.fieldops.invoicing.domain.charge.ChargeFixtures.recorded;
import static dev.fieldops.invoicing.domain.charge.ChargeFixtures.supportMinutes;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.EUR;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.MONDAY_MORNING;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.USD;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyCustomer;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyInvoiceId;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.eur;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.invoicing.domain.charge.ChargeEvent.ChargeRecorded;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.invoice.Invoice;
import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.invoicing.domain.invoice.InvoiceStatus;
import dev.fieldops.invoicing.domain.money.Money;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.RuleViolationException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UnbilledChargeTest {

  private final CustomerId customer = anyCustomer();

  @Test
  void recording_a_charge_prices_it_and_raises_charge_recorded_once() {
    ChargeDetails details = supportMinutes(customer, 45);
    UnbilledCharge charge = recorded(details);

    assertThat(details.amount()).isEqualTo(eur("67.50"));
    assertThat(charge.billedInvoiceId()).isEmpty();
    assertThat(charge.version()).isEqualTo(1);
    assertThat(charge.pullEvents())
        .singleElement()
        .isInstanceOfSatisfying(
            ChargeRecorded.class,
            event -> {
              assertThat(event.chargeId()).isEqualTo(charge.id());
              assertThat(event.customerId()).isEqualTo(customer);
              assertThat(event.amount()).isEqualTo(eur("67.50"));
              assertThat(event.details().sourceReference()).isEqualTo(details.sourceReference());
              assertThat(event.aggregateVersion()).isEqualTo(1);
            });
    assertThat(charge.pullEvents()).isEmpty();
  }

  @Test
  void a_charge_is_billed_at_most_once() {
    UnbilledCharge charge = recorded(supportMinutes(customer, 10));
    InvoiceId first = anyInvoiceId();
    charge.billTo(first);

    assertThatThrownBy(() -> charge.billTo(anyInvoiceId()))
        .isInstanceOfSatisfying(
            RuleViolationException.class,
            e -> assertThat(e.reason()).isEqualTo("CHARGE_ALREADY_BILLED"));
    assertThat(charge.billedInvoiceId()).contains(first);
    assertThat(charge.version()).isEqualTo(2);
  }

  @Test
  void a_released_charge_is_unbilled_again_but_only_from_its_own_invoice() {
    UnbilledCharge charge = recorded(supportMinutes(customer, 10));
    InvoiceId invoice = anyInvoiceId();
    charge.billTo(invoice);

    assertThatThrownBy(() -> charge.releaseFrom(anyInvoiceId()))
        .isInstanceOf(IllegalStateException.class);
    charge.releaseFrom(invoice);

    assertThat(charge.billedInvoiceId()).isEmpty();
    assertThat(charge.version()).isEqualTo(3);
  }

  @Test
  void the_same_facts_recorded_again_are_the_same_charge_and_different_facts_are_not() {
    ChargeDetails details = supportMinutes(customer, 10);
    UnbilledCharge first = recorded(details);
    UnbilledCharge again = recorded(details);
    UnbilledCharge different =
        recorded(
            new ChargeDetails(
                details.customerId(),
                details.kind(),
                details.description(),
                details.quantity(),
                details.unit(),
                eur("2.00"),
                details.taxRate(),
                details.sourceReference(),
                details.occurTime()));

    assertThat(again.sameChargeAs(first.snapshot())).isTrue();
    assertThat(different.sameChargeAs(first.snapshot())).isFalse();
  }

  @Test
  void a_charge_needs_a_description_and_a_price_that_is_not_negative() {
    ChargeDetails valid = supportMinutes(customer, 10);

    assertThatThrownBy(
            () ->
                new ChargeDetails(
                    customer,
                    ChargeKind.OTHER,
                    "",
                    valid.quantity(),
                    valid.unit(),
                    valid.unitPrice(),
                    valid.taxRate(),
                    valid.sourceReference(),
                    valid.occurTime()))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.violations().getFirst().field()).isEqualTo("description"));
    assertThatThrownBy(
            () ->
                new ChargeDetails(
                    customer,
                    ChargeKind.OTHER,
                    "Refund",
                    valid.quantity(),
                    valid.unit(),
                    eur("-1.00"),
                    valid.taxRate(),
                    valid.sourceReference(),
                    valid.occurTime()))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.reason()).isEqualTo("INVALID_UNIT_PRICE"));
  }

  @Test
  void claimed_charges_become_the_lines_of_a_draft_one_for_one() {
    InvoiceId invoiceId = anyInvoiceId();
    ChargeSnapshot minutes = billedTo(invoiceId, supportMinutes(customer, 45));
    ChargeSnapshot visit = billedTo(invoiceId, ChargeFixtures.chargeOf(customer, eur("80.00"), 5));

    Invoice draft =
        ChargeInvoicing.draftFrom(
            invoiceId,
            ChargeSelection.everyCharge(customer, EUR),
            Optional.of(PaymentTerms.net(14)),
            List.of(minutes, visit),
            MONDAY_MORNING);

    assertThat(draft.id()).isEqualTo(invoiceId);
    assertThat(draft.status()).isEqualTo(InvoiceStatus.DRAFT);
    assertThat(draft.paymentTerms()).contains(PaymentTerms.net(14));
    assertThat(draft.lines())
        .satisfiesExactly(
            line -> {
              assertThat(line.id()).isEqualTo(minutes.id().asLineId());
              assertThat(line.amount()).isEqualTo(eur("67.50"));
              assertThat(line.sourceReference()).contains(minutes.details().sourceReference());
            },
            line -> {
              assertThat(line.id()).isEqualTo(visit.id().asLineId());
              assertThat(line.amount()).isEqualTo(eur("80.00"));
            });
    assertThat(draft.totals().total()).isEqualTo(eur("147.50"));
    assertThat(draft.pendingEvents()).isEmpty();
  }

  @Test
  void no_unbilled_charges_means_no_draft() {
    assertThatThrownBy(
            () ->
                ChargeInvoicing.draftFrom(
                    anyInvoiceId(),
                    ChargeSelection.everyCharge(customer, EUR),
                    Optional.empty(),
                    List.of(),
                    MONDAY_MORNING))
        .isInstanceOfSatisfying(
            RuleViolationException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("NO_UNBILLED_CHARGES");
              assertThat(e.metadata()).containsEntry("customer_id", customer.value());
            });
  }

  @Test
  void charges_not_claimed_for_this_draft_are_a_broken_port_promise() {
    InvoiceId invoiceId = anyInvoiceId();
    ChargeSnapshot unclaimed = recorded(supportMinutes(customer, 10)).snapshot();
    ChargeSnapshot inDollars =
        billedTo(invoiceId, ChargeFixtures.chargeOf(customer, Money.ofMinor(USD, 100), 0));

    assertThatThrownBy(
            () ->
                ChargeInvoicing.draftFrom(
                    invoiceId,
                    ChargeSelection.everyCharge(customer, EUR),
                    Optional.empty(),
                    List.of(unclaimed),
                    MONDAY_MORNING))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () ->
                ChargeInvoicing.draftFrom(
                    invoiceId,
                    ChargeSelection.everyCharge(customer, EUR),
                    Optional.empty(),
                    List.of(inDollars),
                    MONDAY_MORNING))
        .isInstanceOf(IllegalStateException.class);
  }

  private static ChargeSnapshot billedTo(InvoiceId invoice, ChargeDetails details) {
    UnbilledCharge charge = recorded(details);
    charge.billTo(invoice);
    return charge.snapshot();
  }
}
