package dev.fieldops.invoicing.adapter.postgres;

import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyCustomer;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyPaymentId;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.eur;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.lineOf;
import static dev.fieldops.invoicing.testing.Stamps.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.invoicing.domain.customer.AccessScope;
import dev.fieldops.invoicing.domain.invoice.InvoiceFixtures;
import dev.fieldops.invoicing.domain.invoice.InvoiceQueries;
import dev.fieldops.invoicing.domain.invoice.InvoiceRepository;
import dev.fieldops.invoicing.domain.invoice.InvoiceRepositoryContract;
import dev.fieldops.invoicing.domain.invoice.InvoiceSnapshot;
import dev.fieldops.invoicing.domain.invoice.NewInvoiceLine;
import dev.fieldops.invoicing.domain.numbering.InvoiceNumberSeries;
import dev.fieldops.kernel.AlreadyExistsException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL invoice adapters keep the same contract as the in-memory fakes, on a real
 * database.
 */
class JooqInvoiceRepositoryIT extends InvoiceRepositoryContract {

  private static InvoicingDatabase db;

  @BeforeAll
  static void createDatabase() {
    db = InvoicingDatabase.create();
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @Test
  void an_issue_with_more_tax_rates_than_a_fixed_write_holds_is_written_whole() {
    // One tax row per rate: more rows than MAX_FIXED_ROWS take the write rendered for itself.
    int rates = JooqInvoiceRepository.MAX_FIXED_ROWS + 2;
    NewInvoiceLine[] lines =
        IntStream.range(0, rates)
            .mapToObj(i -> InvoiceFixtures.line("1", eur("10.00"), 100 * (i + 1)))
            .toArray(NewInvoiceLine[]::new);

    InvoiceSnapshot issued = issue(draftStored(anyCustomer(), lines), freshYear());

    assertThat(issued.totals().taxBreakdown()).hasSize(rates);
    assertThat(queries().get(issued.id(), AccessScope.everyCustomer())).contains(issued);
  }

  @Test
  void a_bank_reference_booked_on_one_invoice_is_refused_on_another_and_changes_nothing() {
    InvoiceSnapshot first = issue(draftStored(anyCustomer(), lineOf(eur("10.00"))), freshYear());
    InvoiceSnapshot second = issue(draftStored(anyCustomer(), lineOf(eur("10.00"))), freshYear());
    var transfer = reference("bank-transfer-4711");
    invoices()
        .update(
            first.id(),
            AccessScope.everyCustomer(),
            invoice ->
                invoice.recordPayment(
                    anyPaymentId(), eur("5.00"), transfer, at(first.issueTime().orElseThrow())));
    int outboxBefore = db.outboxEventIds().size();

    assertThatThrownBy(
            () ->
                invoices()
                    .update(
                        second.id(),
                        AccessScope.everyCustomer(),
                        invoice ->
                            invoice.recordPayment(
                                anyPaymentId(),
                                eur("5.00"),
                                transfer,
                                at(second.issueTime().orElseThrow()))))
        .isInstanceOfSatisfying(
            AlreadyExistsException.class,
            e -> assertThat(e.reason()).isEqualTo("PAYMENT_REFERENCE_ALREADY_USED"));

    assertThat(queries().get(second.id(), AccessScope.everyCustomer())).contains(second);
    assertThat(db.outboxEventIds()).hasSize(outboxBefore);
  }

  @Test
  void an_update_that_waited_for_the_row_lock_sees_everything_the_holder_committed()
      throws Exception {
    InvoiceSnapshot invoice = issue(draftStored(anyCustomer(), lineOf(eur("100.00"))), freshYear());
    Instant paidAt = invoice.issueTime().orElseThrow();
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<?> holder =
          threads.submit(
              () ->
                  invoices()
                      .update(
                          invoice.id(),
                          AccessScope.everyCustomer(),
                          inv -> {
                            inv.recordPayment(
                                anyPaymentId(), eur("10.00"), reference("first"), at(paidAt));
                            holding.countDown();
                            await(release);
                            return null;
                          }));
      holding.await(30, TimeUnit.SECONDS);
      Future<Integer> waiter =
          threads.submit(
              () ->
                  invoices()
                      .update(
                          invoice.id(),
                          AccessScope.everyCustomer(),
                          inv -> {
                            int seen = inv.payments().size();
                            inv.recordPayment(
                                anyPaymentId(), eur("10.00"), reference("second"), at(paidAt));
                            return seen;
                          }));
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  db.database
                          .dsl()
                          .fetchCount(
                              DSL.table("pg_stat_activity"),
                              DSL.field("datname")
                                  .eq(db.testDatabase.name())
                                  .and(DSL.field("wait_event_type").eq("Lock")))
                      == 1);
      release.countDown();
      holder.get(30, TimeUnit.SECONDS);

      assertThat(waiter.get(30, TimeUnit.SECONDS))
          .as("payments the waiting update saw")
          .isEqualTo(1);
    } finally {
      release.countDown();
      threads.shutdownNow();
    }
    assertThat(queries().get(invoice.id(), AccessScope.everyCustomer()).orElseThrow().payments())
        .extracting(p -> p.reference().value())
        .hasSize(2);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  protected InvoiceRepository invoices() {
    return db.invoices;
  }

  @Override
  protected InvoiceQueries queries() {
    return db.queries;
  }

  @Override
  protected InvoiceNumberSeries numberSeries() {
    return db.numbers;
  }

  @Override
  protected <T> T inTransaction(Supplier<T> work) {
    return db.inTransaction(work);
  }

  @Override
  protected Set<UUID> outboxEventIds() {
    return db.outboxEventIds();
  }
}
