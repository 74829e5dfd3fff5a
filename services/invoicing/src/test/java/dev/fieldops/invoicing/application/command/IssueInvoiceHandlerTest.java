package dev.fieldops.invoicing.application.command;

import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.EUR;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyCustomer;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.eur;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.lineOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.invoicing.domain.customer.AccessScope;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.invoice.InvoiceEvent.InvoiceIssued;
import dev.fieldops.invoicing.domain.invoice.InvoiceSnapshot;
import dev.fieldops.invoicing.domain.invoice.InvoiceStatus;
import dev.fieldops.invoicing.domain.invoice.NewInvoiceLine;
import dev.fieldops.invoicing.testing.InMemoryInvoicingStore.InjectedCommitFailure;
import dev.fieldops.invoicing.testing.InvoicingTestApp;
import dev.fieldops.invoicing.testing.Principals;
import dev.fieldops.kernel.ConcurrencyConflictException;
import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.PermissionDeniedException;
import dev.fieldops.kernel.RuleViolationException;
import dev.fieldops.test.time.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IssueInvoiceHandlerTest {

  private static final Instant NOW = Instant.parse("2026-05-04T14:00:00Z");

  private final InvoicingTestApp app = new InvoicingTestApp(new TestClock(NOW));
  private final CustomerId customer = anyCustomer();

  @Test
  void issuing_numbers_the_invoice_stamps_it_and_announces_it() {
    InvoiceSnapshot draft = draft(Optional.empty(), lineOf(eur("100.00")));

    InvoiceSnapshot issued = issue(draft);

    assertThat(issued.status()).isEqualTo(InvoiceStatus.ISSUED);
    assertThat(issued.number().orElseThrow()).hasToString("INV-2026-000001");
    assertThat(issued.issueTime()).contains(NOW);
    assertThat(issued.dueTime()).contains(NOW.plus(Duration.ofDays(30)));
    assertThat(app.db.outbox(InvoiceIssued.class))
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.invoiceId()).isEqualTo(issued.id());
              assertThat(event.number()).isEqualTo(issued.number().orElseThrow());
              assertThat(event.totals()).isEqualTo(issued.totals());
              assertThat(event.aggregateVersion()).isEqualTo(issued.version());
            });
  }

  @Test
  void numbers_follow_each_other_without_gaps_in_the_order_of_issue() {
    InvoiceSnapshot first = issue(draft(Optional.empty(), lineOf(eur("1.00"))));
    InvoiceSnapshot second = issue(draft(Optional.empty(), lineOf(eur("1.00"))));
    InvoiceSnapshot third = issue(draft(Optional.empty(), lineOf(eur("1.00"))));

    assertThat(List.of(first, second, third))
        .extracting(i -> i.number().orElseThrow().toString())
        .containsExactly("INV-2026-000001", "INV-2026-000002", "INV-2026-000003");
  }

  @Test
  void the_customers_terms_replace_the_default_and_the_invoices_own_terms_beat_both() {
    app.setCustomerPaymentTerms.handle(
        new SetCustomerPaymentTerms(Principals.billingClerk(), customer, PaymentTerms.net(45)));

    InvoiceSnapshot byCustomerTerms = issue(draft(Optional.empty(), lineOf(eur("1.00"))));
    InvoiceSnapshot byOwnTerms =
        issue(draft(Optional.of(PaymentTerms.net(7)), lineOf(eur("1.00"))));

    assertThat(byCustomerTerms.dueTime()).contains(NOW.plus(Duration.ofDays(45)));
    assertThat(byOwnTerms.dueTime()).contains(NOW.plus(Duration.ofDays(7)));
  }

  @Test
  void cannot_issue_an_invoice_without_lines_and_the_next_issue_gets_the_number_it_would_have() {
    InvoiceSnapshot empty = draft(Optional.empty());

    assertThatThrownBy(() -> issue(empty))
        .isInstanceOfSatisfying(
            RuleViolationException.class,
            e -> assertThat(e.reason()).isEqualTo("INVOICE_HAS_NO_LINES"));

    assertThat(
            issue(draft(Optional.empty(), lineOf(eur("1.00")))).number().orElseThrow().sequence())
        .isEqualTo(1);
    assertThat(app.db.invoices.get(empty.id(), AccessScope.everyCustomer()).orElseThrow().status())
        .isEqualTo(InvoiceStatus.DRAFT);
  }

  @Test
  void an_issue_whose_commit_fails_after_drawing_a_number_leaves_no_gap() {
    InvoiceSnapshot unlucky = draft(Optional.empty(), lineOf(eur("1.00")));
    app.db.store.failNextCommits(1);

    assertThatThrownBy(() -> issue(unlucky)).isInstanceOf(InjectedCommitFailure.class);

    assertThat(
            app.db.invoices.get(unlucky.id(), AccessScope.everyCustomer()).orElseThrow().status())
        .isEqualTo(InvoiceStatus.DRAFT);
    assertThat(app.db.outbox()).isEmpty();
    assertThat(issue(unlucky).number().orElseThrow().sequence()).isEqualTo(1);
    assertThat(
            issue(draft(Optional.empty(), lineOf(eur("1.00")))).number().orElseThrow().sequence())
        .isEqualTo(2);
  }

  @Test
  void an_issued_invoice_cannot_be_issued_again() {
    InvoiceSnapshot issued = issue(draft(Optional.empty(), lineOf(eur("1.00"))));

    assertThatThrownBy(() -> issue(issued))
        .isInstanceOfSatisfying(
            RuleViolationException.class,
            e -> assertThat(e.reason()).isEqualTo("INVOICE_NOT_DRAFT"));
    assertThat(app.db.outbox(InvoiceIssued.class)).hasSize(1);
  }

  @Test
  void a_stale_etag_stops_the_issue_before_a_number_is_drawn() {
    InvoiceSnapshot draft = draft(Optional.empty(), lineOf(eur("1.00")));

    assertThatThrownBy(
            () ->
                app.issueInvoice.handle(
                    new IssueInvoice(
                        Principals.billingClerk(),
                        draft.id(),
                        ExpectedVersion.of(draft.version() - 1))))
        .isInstanceOf(ConcurrencyConflictException.class);
    assertThat(issue(draft).number().orElseThrow().sequence()).isEqualTo(1);
  }

  @Test
  void a_customer_cannot_issue_its_own_invoice() {
    InvoiceSnapshot draft = draft(Optional.empty(), lineOf(eur("1.00")));

    assertThatThrownBy(
            () ->
                app.issueInvoice.handle(
                    new IssueInvoice(
                        Principals.customer(customer), draft.id(), ExpectedVersion.any())))
        .isInstanceOf(PermissionDeniedException.class);
  }

  private InvoiceSnapshot draft(Optional<PaymentTerms> terms, NewInvoiceLine... lines) {
    return app.createInvoice.handle(
        new CreateInvoice(Principals.billingClerk(), customer, EUR, terms, List.of(lines)));
  }

  private InvoiceSnapshot issue(InvoiceSnapshot draft) {
    return app.issueInvoice.handle(
        new IssueInvoice(Principals.admin(), draft.id(), ExpectedVersion.any()));
  }
}
