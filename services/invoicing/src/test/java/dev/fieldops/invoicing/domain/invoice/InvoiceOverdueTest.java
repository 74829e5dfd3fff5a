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

import dev.fieldops.invoicing.domain.invoice.InvoiceEvent.InvoiceOverdue;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InvoiceOverdueTest {

  private static Instant dueTimeOf(Invoice invoice) {
    return invoice.dueTime().orElseThrow();
  }

  @Test
  void an_unpaid_invoice_past_its_due_time_is_flagged_overdue_once() {
    Invoice invoice = issuedInvoiceOf(anyCustomer(), eur("100.00"));
    Instant afterDue = dueTimeOf(invoice).plus(Duration.ofMinutes(1));

    boolean first = invoice.markOverdue(at(afterDue));
    boolean second = invoice.markOverdue(at(afterDue.plus(Duration.ofDays(1))));

    assertThat(first).isTrue();
    assertThat(second).isFalse();
    assertThat(invoice.overdue()).isTrue();
    assertThat(invoice.pullEvents())
        .singleElement()
        .isInstanceOfSatisfying(
            InvoiceOverdue.class,
            overdue -> {
              assertThat(overdue.dueTime()).isEqualTo(dueTimeOf(invoice));
              assertThat(overdue.amountDue()).isEqualTo(eur("100.00"));
              assertThat(overdue.occurTime()).isEqualTo(afterDue);
            });
  }

  @Test
  void an_invoice_is_not_overdue_before_or_at_its_due_time() {
    Invoice invoice = issuedInvoiceOf(anyCustomer(), eur("100.00"));

    assertThat(invoice.markOverdue(at(dueTimeOf(invoice).minusSeconds(1)))).isFalse();
    assertThat(invoice.markOverdue(at(dueTimeOf(invoice)))).isFalse();
    assertThat(invoice.overdue()).isFalse();
    assertThat(invoice.pendingEvents()).isEmpty();
  }

  @Test
  void the_overdue_event_reports_what_is_still_due_after_partial_payments() {
    Invoice invoice = issuedInvoiceOf(anyCustomer(), eur("100.00"));
    invoice.recordPayment(anyPaymentId(), eur("25.00"), reference("tx-1"), at(dueTimeOf(invoice)));
    invoice.pullEvents();

    invoice.markOverdue(at(dueTimeOf(invoice).plusSeconds(1)));

    assertThat(invoice.pullEvents())
        .singleElement()
        .isInstanceOfSatisfying(
            InvoiceOverdue.class,
            overdue -> assertThat(overdue.amountDue()).isEqualTo(eur("75.00")));
  }

  @Test
  void paying_an_overdue_invoice_settles_it_but_the_flag_remembers_it_was_paid_late() {
    Invoice invoice = issuedInvoiceOf(anyCustomer(), eur("100.00"));
    invoice.markOverdue(at(dueTimeOf(invoice).plusSeconds(1)));

    invoice.recordPayment(
        anyPaymentId(), eur("100.00"), reference("tx-1"), at(dueTimeOf(invoice).plusSeconds(2)));

    assertThat(invoice.status()).isEqualTo(InvoiceStatus.PAID);
    assertThat(invoice.overdue()).isTrue();
    assertThat(invoice.amountDue()).isEqualTo(eur("0.00"));
  }

  @Test
  void paid_void_and_draft_invoices_are_never_flagged() {
    Invoice paid = issuedInvoiceOf(anyCustomer(), eur("10.00"));
    paid.recordPayment(anyPaymentId(), eur("10.00"), reference("tx"), at(dueTimeOf(paid)));
    Invoice voided = issuedInvoiceOf(anyCustomer(), eur("10.00"));
    voided.voidInvoice("cancelled order", at(dueTimeOf(voided)));
    Invoice draft = draftWithLines(anyCustomer(), lineOf(eur("10.00")));
    Instant muchLater = Instant.parse("2030-01-01T00:00:00Z");

    assertThat(paid.markOverdue(at(muchLater))).isFalse();
    assertThat(voided.markOverdue(at(muchLater))).isFalse();
    assertThat(draft.markOverdue(at(muchLater))).isFalse();
  }
}
