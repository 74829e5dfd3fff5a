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

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InvoiceFilterTest {

  private final InvoiceFilter overdueOnly = InvoiceFilter.all().onlyOverdue();

  @Test
  void the_overdue_filter_keeps_issued_invoices_the_scan_flagged_overdue() {
    Invoice flagged = issuedInvoiceOf(anyCustomer(), eur("10.00"));
    Instant scan = flagged.dueTime().orElseThrow().plus(Duration.ofMinutes(1));
    flagged.markOverdue(at(scan));
    Invoice notYetDue = issuedInvoiceOf(anyCustomer(), eur("10.00"));

    assertThat(overdueOnly.matches(flagged.snapshot())).isTrue();
    assertThat(overdueOnly.matches(notYetDue.snapshot())).isFalse();
    assertThat(overdueOnly.matches(draftWithLines(anyCustomer(), lineOf(eur("1.00"))).snapshot()))
        .isFalse();
    assertThat(InvoiceFilter.all().matches(notYetDue.snapshot())).isTrue();
  }

  @Test
  void a_paid_or_void_invoice_is_never_overdue_even_if_it_was_flagged() {
    Invoice paid = issuedInvoiceOf(anyCustomer(), eur("10.00"));
    Instant scan = paid.dueTime().orElseThrow().plus(Duration.ofMinutes(1));
    paid.markOverdue(at(scan));
    paid.recordPayment(anyPaymentId(), eur("10.00"), reference("tx"), at(scan));
    Invoice voided = issuedInvoiceOf(anyCustomer(), eur("10.00"));
    voided.markOverdue(at(scan));
    voided.voidInvoice("written off", at(scan));

    assertThat(overdueOnly.matches(paid.snapshot())).isFalse();
    assertThat(overdueOnly.matches(voided.snapshot())).isFalse();
  }
}
