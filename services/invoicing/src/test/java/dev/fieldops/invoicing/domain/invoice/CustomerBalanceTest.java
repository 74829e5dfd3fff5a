package dev.fieldops.invoicing.domain.invoice;

import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.EUR;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.KWD;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.MONDAY_MORNING;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyCustomer;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyPaymentId;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.draftWithLines;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.eur;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.issuedInvoiceOf;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.lineOf;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.money;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.reference;
import static dev.fieldops.invoicing.testing.Stamps.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.invoice.CustomerBalance.CurrencyBalance;
import dev.fieldops.invoicing.domain.money.Money;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomerBalanceTest {

  private final CustomerId customer = anyCustomer();

  @Test
  void outstanding_is_what_issued_invoices_still_owe_per_currency_and_overdue_the_part_past_due() {
    Invoice oldUnpaid = issuedInvoiceOf(customer, eur("100.00"));
    Invoice partlyPaid = issuedInvoiceOf(customer, eur("50.00"));
    partlyPaid.recordPayment(anyPaymentId(), eur("20.00"), reference("tx-1"), at(MONDAY_MORNING));
    Invoice inDinars = issuedInvoiceOf(customer, money(KWD, "12.500"));
    Instant asOf = oldUnpaid.dueTime().orElseThrow().plus(Duration.ofDays(1));
    Invoice recent = issuedLater(eur("7.00"), asOf.minus(Duration.ofDays(2)));

    CustomerBalance balance =
        CustomerBalance.of(
            customer,
            asOf,
            List.of(
                oldUnpaid.snapshot(),
                partlyPaid.snapshot(),
                inDinars.snapshot(),
                recent.snapshot()));

    assertThat(balance.balances())
        .containsExactly(
            new CurrencyBalance(
                EUR, eur("137.00"), eur("130.00"), 3, 2, oldUnpaid.dueTime().orElseThrow()),
            new CurrencyBalance(
                KWD,
                money(KWD, "12.500"),
                money(KWD, "12.500"),
                1,
                1,
                inDinars.dueTime().orElseThrow()));
  }

  @Test
  void drafts_paid_void_invoices_and_other_customers_owe_nothing_here() {
    Invoice draft = draftWithLines(customer, lineOf(eur("10.00")));
    Invoice paid = issuedInvoiceOf(customer, eur("10.00"));
    paid.recordPayment(anyPaymentId(), eur("10.00"), reference("tx"), at(MONDAY_MORNING));
    Invoice voided = issuedInvoiceOf(customer, eur("10.00"));
    voided.voidInvoice("wrong customer", at(MONDAY_MORNING));
    Invoice someoneElses = issuedInvoiceOf(anyCustomer(), eur("10.00"));

    CustomerBalance balance =
        CustomerBalance.of(
            customer,
            MONDAY_MORNING.plus(Duration.ofDays(90)),
            List.of(draft.snapshot(), paid.snapshot(), voided.snapshot(), someoneElses.snapshot()));

    assertThat(balance.balances()).isEmpty();
  }

  @Test
  void overdue_follows_the_due_time_even_before_the_scheduler_flags_the_invoice() {
    Invoice invoice = issuedInvoiceOf(customer, eur("10.00"));
    Instant justAfterDue = invoice.dueTime().orElseThrow().plusSeconds(1);

    CustomerBalance balance =
        CustomerBalance.of(customer, justAfterDue, List.of(invoice.snapshot()));

    assertThat(invoice.overdue()).isFalse();
    assertThat(balance.balances().getFirst().overdue()).isEqualTo(eur("10.00"));
  }

  private Invoice issuedLater(Money total, Instant issueTime) {
    Invoice invoice = draftWithLines(customer, lineOf(total));
    invoice.issue(InvoiceFixtures.countingSeries(), PaymentTerms.DEFAULT, at(issueTime));
    return invoice;
  }
}
