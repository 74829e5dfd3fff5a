package dev.fieldops.invoicing.application.command;

import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.EUR;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.eur;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.lineOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.invoicing.domain.customer.AccessScope;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.invoice.InvoiceEvent.InvoiceIssued;
import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.invoicing.domain.invoice.InvoiceSnapshot;
import dev.fieldops.invoicing.domain.invoice.InvoiceStatus;
import dev.fieldops.invoicing.domain.numbering.InvoiceNumber;
import dev.fieldops.invoicing.testing.InMemoryInvoicingStore.InjectedCommitFailure;
import dev.fieldops.invoicing.testing.InvoicingTestApp;
import dev.fieldops.invoicing.testing.Principals;
import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.RuleViolationException;
import dev.fieldops.test.time.TestClock;
import java.time.Year;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * For random concurrent issue orders — many threads issuing drafts of two years through the
 * handler, some drafts without lines (refused before a number is drawn), some commits failing after
 * the number was drawn — the numbers that stick are gapless per year (1..n), unique, and handed out
 * in commit order. Seeded, so a failing seed reproduces.
 */
class ConcurrentIssuingPropertyTest {

  private enum Outcome {
    ISSUED,
    NO_LINES,
    COMMIT_FAILED
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 7, 42, 2026, 31337, 8_675_309, 271_828, 314_159})
  void numbers_that_stick_are_gapless_unique_and_in_commit_order(long seed) throws Exception {
    Random random = new Random(seed);
    InvoicingTestApp app = new InvoicingTestApp(TestClock.at("2026-12-31T23:59:59Z"));
    IssueInvoiceHandler nextYear =
        new IssueInvoiceHandler(
            app.db.invoices,
            app.db.numbers,
            app.db.terms,
            PaymentTerms.DEFAULT,
            TestClock.at("2027-01-01T00:00:00Z"),
            app.ids::next);
    CustomerId customer = new CustomerId("c-" + seed);

    int drafts = 20 + random.nextInt(31);
    List<InvoiceSnapshot> toIssue = new ArrayList<>();
    for (int i = 0; i < drafts; i++) {
      boolean withLines = random.nextInt(5) != 0;
      toIssue.add(
          app.createInvoice.handle(
              new CreateInvoice(
                  Principals.billingClerk(),
                  customer,
                  EUR,
                  Optional.empty(),
                  withLines ? List.of(lineOf(eur("9.99"))) : List.of())));
    }
    Collections.shuffle(toIssue, random);
    Map<InvoiceId, Boolean> issuedNextYear = new ConcurrentHashMap<>();
    toIssue.forEach(d -> issuedNextYear.put(d.id(), random.nextBoolean()));
    int injectedFailures = random.nextInt(4);
    app.db.store.failNextCommits(injectedFailures);
    int threads = 2 + random.nextInt(7);

    Map<InvoiceId, Outcome> outcomes = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (InvoiceSnapshot draft : toIssue) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  IssueInvoice command =
                      new IssueInvoice(
                          Principals.billingClerk(), draft.id(), ExpectedVersion.any());
                  try {
                    (issuedNextYear.get(draft.id()) ? nextYear : app.issueInvoice).handle(command);
                    outcomes.put(draft.id(), Outcome.ISSUED);
                  } catch (RuleViolationException noLines) {
                    assertThat(noLines.reason()).isEqualTo("INVOICE_HAS_NO_LINES");
                    outcomes.put(draft.id(), Outcome.NO_LINES);
                  } catch (InjectedCommitFailure failed) {
                    outcomes.put(draft.id(), Outcome.COMMIT_FAILED);
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : futures) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    long withLines = toIssue.stream().filter(d -> !d.lines().isEmpty()).count();
    assertThat(outcomes).hasSize(drafts);
    assertThat(outcomes.values().stream().filter(o -> o == Outcome.NO_LINES).count())
        .isEqualTo(drafts - withLines);
    assertThat(outcomes.values().stream().filter(o -> o == Outcome.COMMIT_FAILED).count())
        .isEqualTo(Math.min(injectedFailures, withLines));

    List<InvoiceSnapshot> stored =
        toIssue.stream()
            .map(d -> app.db.invoices.get(d.id(), AccessScope.everyCustomer()).orElseThrow())
            .toList();
    for (InvoiceSnapshot invoice : stored) {
      boolean issued = outcomes.get(invoice.id()) == Outcome.ISSUED;
      assertThat(invoice.status()).isEqualTo(issued ? InvoiceStatus.ISSUED : InvoiceStatus.DRAFT);
      assertThat(invoice.number().isPresent()).isEqualTo(issued);
    }

    List<InvoiceIssued> announced = app.db.outbox(InvoiceIssued.class);
    assertThat(announced)
        .hasSize((int) outcomes.values().stream().filter(o -> o == Outcome.ISSUED).count());
    Map<Year, List<Long>> sequencesInCommitOrder =
        announced.stream()
            .collect(
                Collectors.groupingBy(
                    e -> e.number().year(),
                    Collectors.mapping(e -> e.number().sequence(), Collectors.toList())));
    sequencesInCommitOrder.forEach(
        (year, sequences) ->
            assertThat(sequences)
                .as("series %s: gapless from 1, in commit order", year)
                .containsExactlyElementsOf(
                    LongStream.rangeClosed(1, sequences.size()).boxed().toList()));
    List<InvoiceNumber> numbers = stored.stream().flatMap(i -> i.number().stream()).toList();
    assertThat(numbers).doesNotHaveDuplicates().hasSize(announced.size());
    assertThat(numbers).extracting(n -> n.year().getValue()).allMatch(y -> y == 2026 || y == 2027);
  }
}
