package dev.fieldops.invoicing.application.command;

import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.EUR;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyCustomer;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.eur;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.lineOf;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.reference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.invoicing.application.query.GetInvoice;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.invoice.InvoiceEvent.InvoiceOverdue;
import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.invoicing.domain.invoice.InvoiceSnapshot;
import dev.fieldops.invoicing.domain.money.Money;
import dev.fieldops.invoicing.testing.InvoicingTestApp;
import dev.fieldops.invoicing.testing.Principals;
import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.PermissionDeniedException;
import dev.fieldops.test.time.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MarkOverdueInvoicesHandlerTest {

  private final InvoicingTestApp app = new InvoicingTestApp(TestClock.at("2026-03-02T09:00:00Z"));
  private final CustomerId customer = anyCustomer();

  @Test
  void the_scheduler_flags_unpaid_invoices_past_due_and_announces_each_exactly_once() {
    InvoiceSnapshot unpaid = issued(eur("10.00"));
    InvoiceSnapshot paid = issued(eur("10.00"));
    app.recordPayment.handle(
        new RecordPayment(
            Principals.billingClerk(),
            paid.id(),
            eur("10.00"),
            reference("tx"),
            Optional.empty(),
            ExpectedVersion.any()));
    app.clock.advance(Duration.ofDays(20));
    InvoiceSnapshot notYetDue = issued(eur("10.00"));
    app.clock.advance(Duration.ofDays(11));

    MarkOverdueInvoicesHandler.Result firstTick = tick(100);
    MarkOverdueInvoicesHandler.Result secondTick = tick(100);

    assertThat(firstTick.flagged()).containsExactly(unpaid.id());
    assertThat(secondTick.flagged()).isEmpty();
    assertThat(app.db.outbox(InvoiceOverdue.class))
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.invoiceId()).isEqualTo(unpaid.id());
              assertThat(event.amountDue()).isEqualTo(eur("10.00"));
            });
    assertThat(app.getInvoice.handle(new GetInvoice(Principals.admin(), notYetDue.id())).overdue())
        .isFalse();
  }

  @Test
  void invoices_that_fell_due_while_no_scheduler_ran_are_all_flagged_by_the_next_tick_each_once() {
    // Due on 1 April (net 30), then a month of nobody scanning: a stopped service.
    InvoiceSnapshot first = issued(eur("10.00"));
    app.clock.advance(Duration.ofDays(10));
    InvoiceSnapshot second = issued(eur("20.00"));
    app.clock.advance(Duration.ofDays(10));
    InvoiceSnapshot third = issued(eur("30.00"));
    app.clock.advance(Duration.ofDays(90));

    MarkOverdueInvoicesHandler.Result comeback = tick(100);
    MarkOverdueInvoicesHandler.Result next = tick(100);

    assertThat(comeback.flagged()).containsExactlyInAnyOrder(first.id(), second.id(), third.id());
    assertThat(next.flagged()).isEmpty();
    assertThat(app.db.outbox(InvoiceOverdue.class))
        .extracting(InvoiceOverdue::invoiceId)
        .containsExactlyInAnyOrder(first.id(), second.id(), third.id());
  }

  @Test
  void a_tick_works_through_more_candidates_than_one_batch() {
    List<InvoiceId> invoices =
        IntStream.range(0, 7).mapToObj(i -> issued(eur("1.00")).id()).toList();
    app.clock.advance(Duration.ofDays(31));

    assertThat(tick(2).flagged()).containsExactlyInAnyOrderElementsOf(invoices);
  }

  @Test
  void overlapping_ticks_of_several_schedulers_announce_each_invoice_once() throws Exception {
    List<InvoiceId> invoices =
        IntStream.range(0, 12).mapToObj(i -> issued(eur("1.00")).id()).toList();
    app.clock.advance(Duration.ofDays(31));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<InvoiceId> flagged = new ArrayList<>();
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<MarkOverdueInvoicesHandler.Result>> ticks = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        ticks.add(
            pool.submit(
                () -> {
                  start.await();
                  return tick(3);
                }));
      }
      start.countDown();
      for (var result : ticks) {
        flagged.addAll(result.get(30, TimeUnit.SECONDS).flagged());
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(flagged).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(invoices);
    assertThat(app.db.outbox(InvoiceOverdue.class)).hasSize(12);
  }

  @Test
  void only_staff_or_the_service_itself_may_run_the_scheduler() {
    assertThatThrownBy(
            () ->
                app.markOverdueInvoices.handle(
                    new MarkOverdueInvoices(Principals.customer(customer), 10)))
        .isInstanceOf(PermissionDeniedException.class);
    assertThat(
            app.markOverdueInvoices
                .handle(new MarkOverdueInvoices(Principals.admin(), 10))
                .flagged())
        .isEmpty();
  }

  private InvoiceSnapshot issued(Money total) {
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

  private MarkOverdueInvoicesHandler.Result tick(int batchSize) {
    return app.markOverdueInvoices.handle(
        new MarkOverdueInvoices(Principals.invoicingService(), batchSize));
  }
}
