package dev.fieldops.invoicing.domain.invoice;

import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.EUR;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.KWD;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.MONDAY_MORNING;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyCustomer;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyInvoiceId;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyLineId;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyPaymentId;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.eur;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.line;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.lineOf;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.money;
import static dev.fieldops.invoicing.testing.Stamps.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.invoicing.domain.customer.AccessScope;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.money.QuantityUnit;
import dev.fieldops.invoicing.domain.numbering.InvoiceNumber;
import dev.fieldops.invoicing.domain.numbering.InvoiceNumberSeries;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.RuleViolationException;
import dev.fieldops.kernel.paging.Page;
import dev.fieldops.kernel.paging.PageRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * What every implementation of {@link InvoiceRepository}, {@link InvoiceQueries} and {@link
 * InvoiceNumberSeries} (together with its transaction) must do. The in-memory fake extends it now;
 * the PostgreSQL adapter's integration test extends it with ports over a fresh database.
 *
 * <p>Tests share the store of one test class, so each uses customers and number-series years of its
 * own and asserts only about them. Times are whole microseconds, as PostgreSQL stores them.
 */
public abstract class InvoiceRepositoryContract {

  private static final AtomicInteger NEXT_YEAR =
      new AtomicInteger(2200 + ThreadLocalRandom.current().nextInt(6000));

  protected abstract InvoiceRepository invoices();

  protected abstract InvoiceQueries queries();

  protected abstract InvoiceNumberSeries numberSeries();

  /** Runs {@code work} in one transaction of the store under test; nested calls join it. */
  protected abstract <T> T inTransaction(Supplier<T> work);

  /** Ids of the events committed to the outbox so far. */
  protected abstract Set<UUID> outboxEventIds();

  // ---- storing and finding --------------------------------------------------------------------

  @Test
  void an_added_draft_is_found_again_exactly_as_it_was() {
    CustomerId customer = anyCustomer();
    Invoice draft =
        Invoice.createDraft(
            anyInvoiceId(), customer, EUR, Optional.of(PaymentTerms.net(14)), MONDAY_MORNING);
    draft.addLine(anyLineId(), line("2.5", eur("19.99"), 1900), "line", MONDAY_MORNING);
    draft.addLine(
        anyLineId(),
        new NewInvoiceLine(
            "Monitoring, March",
            InvoiceFixtures.quantity("3"),
            eur("5.00"),
            TaxRate.ZERO,
            Optional.of(new SourceReference("telemetry.device/d-17/2026-03"))),
        "line",
        MONDAY_MORNING);
    InvoiceSnapshot expected = draft.snapshot();

    invoices().add(draft);

    assertThat(invoices().find(draft.id(), AccessScope.everyCustomer()).map(Invoice::snapshot))
        .contains(expected);
    assertThat(queries().get(draft.id(), AccessScope.onlyCustomer(customer))).contains(expected);
  }

  @Test
  void lines_removed_from_and_added_to_a_stored_draft_come_back_in_order_with_its_totals() {
    Invoice stored =
        draftStored(anyCustomer(), lineOf(eur("1.00")), lineOf(eur("2.00")), lineOf(eur("3.00")));
    List<InvoiceLine> lines = stored.snapshot().lines();

    InvoiceSnapshot changed =
        invoices()
            .update(
                stored.id(),
                AccessScope.everyCustomer(),
                invoice -> {
                  invoice.removeLine(lines.get(0).id(), MONDAY_MORNING);
                  invoice.removeLine(lines.get(2).id(), MONDAY_MORNING);
                  return invoice.snapshot();
                });
    InvoiceSnapshot grown =
        invoices()
            .update(
                stored.id(),
                AccessScope.everyCustomer(),
                invoice -> {
                  invoice.addLine(anyLineId(), lineOf(eur("4.00")), "line", MONDAY_MORNING);
                  return invoice.snapshot();
                });

    assertThat(changed.lines()).extracting(InvoiceLine::id).containsExactly(lines.get(1).id());
    assertThat(grown.lines()).hasSize(2).first().isEqualTo(lines.get(1));
    assertThat(grown.totals().total()).isEqualTo(eur("6.00"));
    assertThat(queries().get(stored.id(), AccessScope.everyCustomer())).contains(grown);
  }

  @Test
  void
      an_issued_invoice_with_payments_comes_back_with_its_number_frozen_totals_and_payments_in_order() {
    Instant issueTime = freshYear();
    InvoiceSnapshot issued =
        issue(draftStored(anyCustomer(), line("3", eur("33.33"), 700)), issueTime);

    InvoiceSnapshot paid =
        invoices()
            .update(
                issued.id(),
                AccessScope.everyCustomer(),
                invoice -> {
                  invoice.recordPayment(
                      anyPaymentId(),
                      eur("50.00"),
                      reference("tx-b"),
                      at(issueTime.plusSeconds(60)));
                  invoice.recordPayment(
                      anyPaymentId(),
                      eur("20.00"),
                      reference("tx-a"),
                      at(issueTime.plusSeconds(120)));
                  invoice.markOverdue(at(issueTime.plus(Duration.ofDays(31))));
                  return invoice.snapshot();
                });

    assertThat(queries().get(issued.id(), AccessScope.everyCustomer())).contains(paid);
    assertThat(paid.number()).map(InvoiceNumber::sequence).contains(1L);
    assertThat(paid.payments())
        .extracting(p -> p.reference().value())
        .containsExactly(tag + "tx-b", tag + "tx-a");
    assertThat(paid.overdue()).isTrue();
  }

  @Test
  void another_customers_scope_finds_nothing_and_changes_nothing() {
    CustomerId owner = anyCustomer();
    Invoice draft = draftStored(owner, lineOf(eur("10.00")));
    AccessScope someoneElse = AccessScope.onlyCustomer(anyCustomer());
    AtomicBoolean changeRan = new AtomicBoolean();

    assertThat(invoices().find(draft.id(), someoneElse)).isEmpty();
    assertThat(queries().get(draft.id(), someoneElse)).isEmpty();
    assertThatThrownBy(
            () -> invoices().update(draft.id(), someoneElse, invoice -> changeRan.getAndSet(true)))
        .isInstanceOfSatisfying(
            NotFoundException.class, e -> assertThat(e.reason()).isEqualTo("INVOICE_NOT_FOUND"));
    assertThat(changeRan).isFalse();
    assertThat(invoices().find(draft.id(), AccessScope.onlyCustomer(owner))).isPresent();
  }

  @Test
  void updating_an_invoice_that_does_not_exist_is_not_found() {
    assertThatThrownBy(
            () -> invoices().update(anyInvoiceId(), AccessScope.everyCustomer(), invoice -> 1))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void an_update_commits_the_change_and_its_events_together() {
    Invoice draft = draftStored(anyCustomer(), lineOf(eur("10.00")));
    Instant issueTime = freshYear();

    UUID eventId =
        invoices()
            .update(
                draft.id(),
                AccessScope.everyCustomer(),
                invoice -> {
                  invoice.issue(numberSeries(), PaymentTerms.DEFAULT, at(issueTime));
                  return invoice.pendingEvents().getFirst().eventId();
                });

    assertThat(outboxEventIds()).contains(eventId);
    assertThat(queries().get(draft.id(), AccessScope.everyCustomer()).orElseThrow().status())
        .isEqualTo(InvoiceStatus.ISSUED);
  }

  @Test
  void a_change_that_fails_saves_nothing_writes_no_event_and_returns_its_number() {
    Invoice draft = draftStored(anyCustomer(), lineOf(eur("10.00")));
    Instant issueTime = freshYear();
    List<UUID> raised = new ArrayList<>();

    assertThatThrownBy(
            () ->
                invoices()
                    .update(
                        draft.id(),
                        AccessScope.everyCustomer(),
                        invoice -> {
                          invoice.issue(numberSeries(), PaymentTerms.DEFAULT, at(issueTime));
                          raised.add(invoice.pendingEvents().getFirst().eventId());
                          throw new IllegalStateException(
                              "the save failed after the number was drawn");
                        }))
        .hasMessageContaining("save failed");

    InvoiceSnapshot stored = queries().get(draft.id(), AccessScope.everyCustomer()).orElseThrow();
    assertThat(stored.status()).isEqualTo(InvoiceStatus.DRAFT);
    assertThat(stored.version()).isEqualTo(draft.snapshot().version());
    assertThat(outboxEventIds()).doesNotContainAnyElementsOf(raised);
    assertThat(issue(draft, issueTime).number()).map(InvoiceNumber::sequence).contains(1L);
  }

  @Test
  void a_draft_with_a_memo_and_units_is_found_again_exactly_as_it_was() {
    CustomerId customer = anyCustomer();
    Invoice draft =
        Invoice.createDraft(
            anyInvoiceId(),
            customer,
            EUR,
            Optional.empty(),
            Optional.of(new Memo("Order PO-4711\nSite: cold room 3 \u2744")),
            MONDAY_MORNING);
    draft.addLine(
        anyLineId(),
        new NewInvoiceLine(
            "Support",
            InvoiceFixtures.quantity("1.5"),
            Optional.of(QuantityUnit.of("h", "line.unit")),
            eur("90.00"),
            TaxRate.ZERO,
            Optional.empty(),
            Optional.empty()),
        "line",
        MONDAY_MORNING);
    InvoiceSnapshot expected = draft.snapshot();

    invoices().add(draft);

    assertThat(queries().get(draft.id(), AccessScope.everyCustomer())).contains(expected);
    assertThat(expected.memo()).map(Memo::text).contains("Order PO-4711\nSite: cold room 3 \u2744");
    assertThat(expected.lines().getFirst().unit()).map(QuantityUnit::value).contains("h");
  }

  @Test
  void a_payment_comes_back_with_when_its_money_arrived_and_when_it_was_recorded() {
    Instant issueTime = freshYear();
    InvoiceSnapshot issued = issue(draftStored(anyCustomer(), lineOf(eur("100.00"))), issueTime);
    Instant arrived = issueTime.plus(Duration.ofDays(3)).plusNanos(123_000);
    Instant recorded = issueTime.plus(Duration.ofDays(10));

    InvoiceSnapshot paid =
        invoices()
            .update(
                issued.id(),
                AccessScope.everyCustomer(),
                invoice -> {
                  invoice.recordPayment(
                      anyPaymentId(), eur("100.00"), reference("tx-1"), arrived, at(recorded));
                  return invoice.snapshot();
                });

    InvoiceSnapshot stored = queries().get(issued.id(), AccessScope.everyCustomer()).orElseThrow();
    assertThat(stored).isEqualTo(paid);
    assertThat(stored.payments())
        .singleElement()
        .satisfies(
            payment -> {
              assertThat(payment.receiveTime()).isEqualTo(arrived);
              assertThat(payment.recordTime()).isEqualTo(recorded);
            });
    assertThat(stored.paidTime()).contains(arrived);
    assertThat(
            queries()
                .listPayments(issued.id(), AccessScope.everyCustomer(), PageRequest.first(10))
                .orElseThrow()
                .items())
        .extracting(Payment::receiveTime)
        .containsExactly(arrived);
  }

  // ---- numbering ------------------------------------------------------------------------------

  @Test
  void a_number_drawn_in_a_unit_of_work_that_rolls_back_is_drawn_again() {
    Year year = Year.from(freshYear().atOffset(ZoneOffset.UTC));

    assertThatThrownBy(
            () ->
                inTransaction(
                    () -> {
                      assertThat(numberSeries().next(year).sequence()).isEqualTo(1);
                      throw new IllegalStateException("rolled back");
                    }))
        .hasMessage("rolled back");

    assertThat(inTransaction(() -> numberSeries().next(year)).sequence()).isEqualTo(1);
    assertThat(inTransaction(() -> numberSeries().next(year)).sequence()).isEqualTo(2);
  }

  @Test
  void each_year_has_a_series_of_its_own_starting_at_one() {
    Year first = Year.from(freshYear().atOffset(ZoneOffset.UTC));
    Year second = Year.from(freshYear().atOffset(ZoneOffset.UTC));

    inTransaction(() -> numberSeries().next(first));
    inTransaction(() -> numberSeries().next(first));

    assertThat(inTransaction(() -> numberSeries().next(second)))
        .isEqualTo(new InvoiceNumber(second, 1));
    assertThat(inTransaction(() -> numberSeries().next(first)))
        .isEqualTo(new InvoiceNumber(first, 3));
  }

  @Test
  void drawing_a_number_outside_a_transaction_is_refused() {
    Year year = Year.from(freshYear().atOffset(ZoneOffset.UTC));

    assertThatThrownBy(() -> numberSeries().next(year)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void concurrent_issues_get_consecutive_unique_numbers() throws Exception {
    Instant issueTime = freshYear();
    CustomerId customer = anyCustomer();
    List<Invoice> drafts =
        IntStream.range(0, 24).mapToObj(i -> draftStored(customer, lineOf(eur("1.00")))).toList();

    List<InvoiceSnapshot> issued =
        concurrently(
            8,
            drafts.stream()
                .map(d -> (Callable<InvoiceSnapshot>) () -> issue(d, issueTime))
                .toList());

    assertThat(issued)
        .extracting(invoice -> invoice.number().orElseThrow().sequence())
        .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 24).boxed().toList());
    assertThat(issued)
        .allSatisfy(invoice -> assertThat(invoice.status()).isEqualTo(InvoiceStatus.ISSUED));
  }

  @Test
  void concurrent_payments_on_one_invoice_never_overpay_it() throws Exception {
    InvoiceSnapshot invoice = issue(draftStored(anyCustomer(), lineOf(eur("100.00"))), freshYear());
    AtomicInteger refused = new AtomicInteger();

    List<Boolean> outcomes =
        concurrently(
            8,
            IntStream.range(0, 8)
                .mapToObj(
                    i ->
                        (Callable<Boolean>)
                            () -> {
                              try {
                                invoices()
                                    .update(
                                        invoice.id(),
                                        AccessScope.everyCustomer(),
                                        inv ->
                                            inv.recordPayment(
                                                anyPaymentId(),
                                                eur("30.00"),
                                                reference("tx-" + i),
                                                at(invoice.issueTime().orElseThrow())));
                                return true;
                              } catch (RuleViolationException overpayment) {
                                assertThat(overpayment.reason()).isEqualTo("OVERPAYMENT");
                                refused.incrementAndGet();
                                return false;
                              }
                            })
                .toList());

    assertThat(outcomes).filteredOn(ok -> ok).hasSize(3);
    assertThat(refused).hasValue(5);
    assertThat(queries().get(invoice.id(), AccessScope.everyCustomer()).orElseThrow().amountPaid())
        .isEqualTo(eur("90.00"));
  }

  // ---- lists ----------------------------------------------------------------------------------

  @Test
  void lists_filter_by_customer_status_and_issue_time() {
    CustomerId acme = anyCustomer();
    CustomerId globex = anyCustomer();
    Instant t1 = freshYear();
    Instant t2 = t1.plus(Duration.ofDays(10));
    Invoice draft = draftStored(acme, lineOf(eur("1.00")));
    InvoiceSnapshot early = issue(draftStored(acme, lineOf(eur("2.00"))), t1);
    InvoiceSnapshot late = issue(draftStored(acme, lineOf(eur("3.00"))), t2);
    InvoiceSnapshot globexEarly = issue(draftStored(globex, lineOf(eur("4.00"))), t1);
    AccessScope staff = AccessScope.everyCustomer();

    assertThat(
            ids(
                queries()
                    .list(InvoiceFilter.all().withCustomer(acme), staff, PageRequest.first(50))))
        .containsExactlyInAnyOrder(draft.id(), early.id(), late.id());
    assertThat(
            ids(
                queries()
                    .list(
                        InvoiceFilter.all().withCustomer(acme).withStatus(InvoiceStatus.DRAFT),
                        staff,
                        PageRequest.first(50))))
        .containsExactly(draft.id());
    assertThat(
            ids(
                queries()
                    .list(InvoiceFilter.all().issuedBetween(t1, t2), staff, PageRequest.first(50))))
        .contains(early.id(), globexEarly.id())
        .doesNotContain(late.id(), draft.id());
    assertThat(
            ids(
                queries()
                    .list(
                        InvoiceFilter.all().withCustomer(acme).issuedBetween(t1, t2.plusSeconds(1)),
                        staff,
                        PageRequest.first(50))))
        .containsExactlyInAnyOrder(early.id(), late.id());
  }

  @Test
  void a_customer_scope_lists_only_that_customers_invoices_whatever_the_filter_says() {
    CustomerId acme = anyCustomer();
    CustomerId globex = anyCustomer();
    Invoice acmeDraft = draftStored(acme, lineOf(eur("1.00")));
    draftStored(globex, lineOf(eur("1.00")));

    assertThat(
            ids(
                queries()
                    .list(
                        InvoiceFilter.all(),
                        AccessScope.onlyCustomer(acme),
                        PageRequest.first(500))))
        .containsExactly(acmeDraft.id());
    assertThat(
            queries()
                .list(
                    InvoiceFilter.all().withCustomer(globex),
                    AccessScope.onlyCustomer(acme),
                    PageRequest.first(50))
                .items())
        .isEmpty();
  }

  @Test
  void lists_page_by_keyset_and_every_invoice_appears_once_despite_concurrent_inserts() {
    CustomerId customer = anyCustomer();
    List<InvoiceId> original =
        IntStream.range(0, 7)
            .mapToObj(i -> draftStored(customer, lineOf(eur("1.00"))).id())
            .toList();
    InvoiceFilter filter = InvoiceFilter.all().withCustomer(customer);
    List<InvoiceId> seen = new ArrayList<>();

    Page<InvoiceSnapshot> page =
        queries().list(filter, AccessScope.everyCustomer(), PageRequest.first(3));
    seen.addAll(ids(page));
    draftStored(customer, lineOf(eur("1.00")));
    draftStored(customer, lineOf(eur("1.00")));
    int pages = 1;
    while (page.nextCursor().isPresent()) {
      page =
          queries()
              .list(filter, AccessScope.everyCustomer(), new PageRequest(3, page.nextCursor()));
      seen.addAll(ids(page));
      pages++;
    }

    assertThat(seen).doesNotHaveDuplicates().containsAll(original);
    assertThat(pages).isGreaterThanOrEqualTo(3);
  }

  @Test
  void payments_list_in_the_order_recorded_a_page_at_a_time_and_not_outside_the_scope() {
    CustomerId customer = anyCustomer();
    InvoiceSnapshot invoice = issue(draftStored(customer, lineOf(eur("100.00"))), freshYear());
    for (String ref : List.of("tx-3", "tx-1", "tx-2")) {
      invoices()
          .update(
              invoice.id(),
              AccessScope.everyCustomer(),
              inv ->
                  inv.recordPayment(
                      anyPaymentId(),
                      eur("10.00"),
                      reference(ref),
                      at(invoice.issueTime().orElseThrow())));
    }

    Page<Payment> first =
        queries()
            .listPayments(invoice.id(), AccessScope.onlyCustomer(customer), PageRequest.first(2))
            .orElseThrow();
    Page<Payment> second =
        queries()
            .listPayments(
                invoice.id(),
                AccessScope.onlyCustomer(customer),
                new PageRequest(2, first.nextCursor()))
            .orElseThrow();

    assertThat(first.items())
        .extracting(p -> p.reference().value())
        .containsExactly(tag + "tx-3", tag + "tx-1");
    assertThat(second.items()).extracting(p -> p.reference().value()).containsExactly(tag + "tx-2");
    assertThat(second.nextCursor()).isEmpty();
    assertThat(
            queries()
                .listPayments(
                    invoice.id(), AccessScope.onlyCustomer(anyCustomer()), PageRequest.first(2)))
        .isEmpty();
    assertThat(
            queries()
                .listPayments(anyInvoiceId(), AccessScope.everyCustomer(), PageRequest.first(2)))
        .isEmpty();
  }

  @Test
  void a_page_token_this_list_never_handed_out_is_invalid_input() {
    assertThatThrownBy(
            () ->
                queries()
                    .list(
                        InvoiceFilter.all(),
                        AccessScope.everyCustomer(),
                        new PageRequest(10, Optional.of("not-a-page-token"))))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("INVALID_PAGE_TOKEN");
              assertThat(e.violations().getFirst().field()).isEqualTo("page_token");
            });
  }

  @Test
  void the_overdue_list_holds_the_issued_invoices_flagged_overdue_a_page_at_a_time() {
    CustomerId customer = anyCustomer();
    Instant issueTime = freshYear();
    Instant scan = issueTime.plus(Duration.ofDays(31));
    List<InvoiceId> overdue = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      InvoiceSnapshot issued = issue(draftStored(customer, lineOf(eur("10.00"))), issueTime);
      invoices()
          .update(
              issued.id(), AccessScope.everyCustomer(), invoice -> invoice.markOverdue(at(scan)));
      overdue.add(issued.id());
    }
    InvoiceSnapshot paidLate = issue(draftStored(customer, lineOf(eur("10.00"))), issueTime);
    invoices()
        .update(
            paidLate.id(),
            AccessScope.everyCustomer(),
            invoice -> {
              invoice.markOverdue(at(scan));
              return invoice.recordPayment(
                  anyPaymentId(), eur("10.00"), reference("late"), at(scan.plusSeconds(1)));
            });
    issue(draftStored(customer, lineOf(eur("10.00"))), issueTime);
    draftStored(customer, lineOf(eur("10.00")));
    InvoiceFilter filter = InvoiceFilter.all().withCustomer(customer).onlyOverdue();

    List<InvoiceId> seen = new ArrayList<>();
    Page<InvoiceSnapshot> page =
        queries().list(filter, AccessScope.everyCustomer(), PageRequest.first(2));
    seen.addAll(ids(page));
    InvoiceSnapshot flaggedMeanwhile =
        issue(draftStored(customer, lineOf(eur("10.00"))), issueTime);
    invoices()
        .update(
            flaggedMeanwhile.id(),
            AccessScope.everyCustomer(),
            invoice -> invoice.markOverdue(at(scan)));
    while (page.nextCursor().isPresent()) {
      page =
          queries()
              .list(filter, AccessScope.everyCustomer(), new PageRequest(2, page.nextCursor()));
      seen.addAll(ids(page));
    }

    List<InvoiceId> allowed = new ArrayList<>(overdue);
    allowed.add(flaggedMeanwhile.id());
    assertThat(seen)
        .as("each once, only the overdue ones, whatever was flagged meanwhile")
        .doesNotHaveDuplicates()
        .containsAll(overdue)
        .isSubsetOf(allowed);
    assertThat(queries().list(filter, AccessScope.everyCustomer(), PageRequest.first(50)).items())
        .allSatisfy(invoice -> assertThat(filter.matches(invoice)).isTrue())
        .hasSize(6);
    assertThat(
            queries()
                .list(
                    filter.withStatus(InvoiceStatus.PAID),
                    AccessScope.everyCustomer(),
                    PageRequest.first(50))
                .items())
        .as("a paid invoice is never overdue")
        .isEmpty();
  }

  // ---- balance and overdue --------------------------------------------------------------------

  @Test
  void the_balance_is_what_the_customers_issued_invoices_still_owe_per_currency() {
    CustomerId customer = anyCustomer();
    Instant issueTime = freshYear();
    List<InvoiceId> ids = new ArrayList<>();
    ids.add(issue(draftStored(customer, lineOf(eur("100.00"))), issueTime).id());
    InvoiceSnapshot partly =
        issue(draftStored(customer, lineOf(eur("50.00"))), issueTime.plus(Duration.ofDays(20)));
    invoices()
        .update(
            partly.id(),
            AccessScope.everyCustomer(),
            inv ->
                inv.recordPayment(
                    anyPaymentId(),
                    eur("20.00"),
                    reference("tx-1"),
                    at(partly.issueTime().orElseThrow())));
    ids.add(partly.id());
    ids.add(issue(draftStored(customer, lineOf(money(KWD, "1.250"))), issueTime).id());
    InvoiceSnapshot voided = issue(draftStored(customer, lineOf(eur("999.00"))), issueTime);
    invoices()
        .update(
            voided.id(),
            AccessScope.everyCustomer(),
            inv -> {
              inv.voidInvoice("wrong", at(issueTime));
              return null;
            });
    ids.add(voided.id());
    ids.add(draftStored(customer, lineOf(eur("5.00"))).id());
    Instant asOf = issueTime.plus(Duration.ofDays(40));

    CustomerBalance balance = queries().balanceOf(customer, asOf);

    List<InvoiceSnapshot> stored =
        ids.stream()
            .map(id -> queries().get(id, AccessScope.everyCustomer()).orElseThrow())
            .toList();
    assertThat(balance).isEqualTo(CustomerBalance.of(customer, asOf, stored));
    assertThat(balance.balances())
        .containsExactly(
            new CustomerBalance.CurrencyBalance(
                EUR, eur("130.00"), eur("100.00"), 2, 1, issueTime.plus(Duration.ofDays(30))),
            new CustomerBalance.CurrencyBalance(
                KWD,
                money(KWD, "1.250"),
                money(KWD, "1.250"),
                1,
                1,
                issueTime.plus(Duration.ofDays(30))));
    assertThat(queries().balanceOf(anyCustomer(), asOf).balances()).isEmpty();
  }

  @Test
  void overdue_candidates_are_issued_unflagged_invoices_past_their_due_time() {
    CustomerId customer = anyCustomer();
    Instant issueTime = freshYear();
    InvoiceSnapshot pastDue = issue(draftStored(customer, lineOf(eur("1.00"))), issueTime);
    InvoiceSnapshot notYetDue =
        issue(draftStored(customer, lineOf(eur("1.00"))), issueTime.plus(Duration.ofDays(25)));
    InvoiceSnapshot flagged = issue(draftStored(customer, lineOf(eur("1.00"))), issueTime);
    InvoiceSnapshot paid = issue(draftStored(customer, lineOf(eur("1.00"))), issueTime);
    Instant now = issueTime.plus(Duration.ofDays(31));
    invoices().update(flagged.id(), AccessScope.everyCustomer(), inv -> inv.markOverdue(at(now)));
    invoices()
        .update(
            paid.id(),
            AccessScope.everyCustomer(),
            inv -> inv.recordPayment(anyPaymentId(), eur("1.00"), reference("tx"), at(issueTime)));
    Invoice draft = draftStored(customer, lineOf(eur("1.00")));

    List<InvoiceId> candidates = queries().overdueCandidates(now, 500);

    assertThat(candidates)
        .contains(pastDue.id())
        .doesNotContain(notYetDue.id(), flagged.id(), paid.id(), draft.id());
    assertThat(queries().overdueCandidates(now, 1)).hasSize(1);
  }

  // ---- helpers --------------------------------------------------------------------------------

  /**
   * This test's own prefix for payment references: a bank reference is booked once across all
   * invoices (the PostgreSQL adapter keeps it unique), and the tests of a class share one store.
   */
  private final String tag = "t" + UUID.randomUUID().toString().substring(0, 8) + "-";

  /** A payment reference of this test: {@code value} behind the test's own prefix. */
  protected PaymentReference reference(String value) {
    return InvoiceFixtures.reference(tag + value);
  }

  /** An instant in a year no other test of this class uses, so its number series starts at 1. */
  protected static Instant freshYear() {
    return Instant.parse(NEXT_YEAR.getAndIncrement() + "-02-01T10:00:00Z");
  }

  protected Invoice draftStored(CustomerId customer, NewInvoiceLine... lines) {
    Invoice draft = InvoiceFixtures.draftWithLines(customer, lines);
    invoices().add(draft);
    return draft;
  }

  protected InvoiceSnapshot issue(Invoice draft, Instant issueTime) {
    return invoices()
        .update(
            draft.id(),
            AccessScope.everyCustomer(),
            invoice -> {
              invoice.issue(numberSeries(), PaymentTerms.DEFAULT, at(issueTime));
              return invoice.snapshot();
            });
  }

  private static List<InvoiceId> ids(Page<InvoiceSnapshot> page) {
    return page.items().stream().map(InvoiceSnapshot::id).toList();
  }

  /** Runs the tasks on {@code threads} threads, all released at once; returns their results. */
  protected static <T> List<T> concurrently(int threads, List<Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.call();
                }));
      }
      start.countDown();
      List<T> results = Collections.synchronizedList(new ArrayList<>());
      for (Future<T> future : futures) {
        results.add(future.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
