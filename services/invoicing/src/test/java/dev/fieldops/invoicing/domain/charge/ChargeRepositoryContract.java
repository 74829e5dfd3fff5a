package dev.fieldops.invoicing.domain.charge;

import static dev.fieldops.invoicing.domain.charge.ChargeFixtures.chargeOf;
import static dev.fieldops.invoicing.domain.charge.ChargeFixtures.recorded;
import static dev.fieldops.invoicing.domain.charge.ChargeFixtures.supportMinutes;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.EUR;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.MONDAY_MORNING;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.USD;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyCustomer;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyInvoiceId;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyLineId;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.eur;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.invoicing.application.UnitOfWork;
import dev.fieldops.invoicing.domain.customer.AccessScope;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.invoice.Invoice;
import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.invoicing.domain.invoice.InvoiceLine;
import dev.fieldops.invoicing.domain.invoice.InvoiceRepository;
import dev.fieldops.invoicing.domain.invoice.InvoiceSnapshot;
import dev.fieldops.invoicing.domain.money.CurrencyCode;
import dev.fieldops.invoicing.domain.money.Money;
import dev.fieldops.invoicing.domain.paging.Page;
import dev.fieldops.invoicing.domain.paging.PageRequest;
import dev.fieldops.kernel.RuleViolationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What every implementation of {@link ChargeRepository} (with the {@link InvoiceRepository} and
 * {@link UnitOfWork} it is combined with) must do. Extended by the in-memory fake now and by the
 * PostgreSQL adapter's integration test later. Each test uses customers of its own.
 */
public abstract class ChargeRepositoryContract {

  protected abstract ChargeRepository charges();

  protected abstract InvoiceRepository invoices();

  protected abstract UnitOfWork unitOfWork();

  /** Ids of the events committed to the outbox so far. */
  protected abstract Set<UUID> outboxEventIds();

  @Test
  void a_recorded_charge_is_found_listed_as_unbilled_and_announced_once() {
    CustomerId customer = anyCustomer();
    UnbilledCharge charge = recorded(supportMinutes(customer, 45));
    UUID eventId = charge.pendingEvents().getFirst().eventId();

    ChargeSnapshot stored = charges().addIfAbsent(charge);

    assertThat(stored).isEqualTo(charge.snapshot());
    assertThat(charges().find(charge.id(), AccessScope.onlyCustomer(customer))).contains(stored);
    assertThat(charges().find(charge.id(), AccessScope.onlyCustomer(anyCustomer()))).isEmpty();
    assertThat(unbilledOf(customer)).containsExactly(stored);
    assertThat(outboxEventIds()).contains(eventId);
  }

  @Test
  void recording_a_taken_source_reference_again_returns_the_stored_charge_and_announces_nothing() {
    ChargeDetails details = supportMinutes(anyCustomer(), 10);
    ChargeSnapshot first = charges().addIfAbsent(recorded(details));
    UnbilledCharge again = recorded(details);
    UUID againEvent = again.pendingEvents().getFirst().eventId();

    ChargeSnapshot stored = charges().addIfAbsent(again);

    assertThat(stored).isEqualTo(first);
    assertThat(charges().find(again.id(), AccessScope.everyCustomer())).isEmpty();
    assertThat(outboxEventIds()).doesNotContain(againEvent);
  }

  @Test
  void concurrent_recordings_of_one_source_reference_store_one_charge() throws Exception {
    ChargeDetails details = supportMinutes(anyCustomer(), 10);

    List<ChargeSnapshot> stored =
        concurrently(6, IntStream.range(0, 6)
            .mapToObj(i -> (Callable<ChargeSnapshot>) () -> charges().addIfAbsent(recorded(details)))
            .toList());

    assertThat(stored).extracting(ChargeSnapshot::id).containsOnly(stored.getFirst().id());
    assertThat(unbilledOf(details.customerId())).hasSize(1);
  }

  @Test
  void claiming_bills_the_customers_unbilled_charges_in_one_currency_oldest_first() {
    CustomerId customer = anyCustomer();
    ChargeSnapshot later = charges().addIfAbsent(recorded(chargeOf(customer, eur("20.00"), 30)));
    ChargeSnapshot earlier = charges().addIfAbsent(recorded(chargeOf(customer, eur("10.00"), 10)));
    ChargeSnapshot inDollars = charges().addIfAbsent(recorded(chargeOf(customer, Money.ofMinor(USD, 500), 0)));
    ChargeSnapshot someoneElses = charges().addIfAbsent(recorded(chargeOf(anyCustomer(), eur("1.00"), 0)));

    InvoiceSnapshot draft = draftFromCharges(customer, EUR, 100).orElseThrow();

    assertThat(draft.lines()).extracting(InvoiceLine::id)
        .containsExactly(earlier.id().asLineId(), later.id().asLineId());
    assertThat(charges().find(earlier.id(), AccessScope.everyCustomer()).orElseThrow().billedInvoiceId())
        .contains(draft.id());
    assertThat(unbilledOf(customer)).containsExactly(inDollars);
    assertThat(charges().find(someoneElses.id(), AccessScope.everyCustomer()).orElseThrow().billed()).isFalse();
  }

  @Test
  void a_claim_takes_at_most_the_limit_and_leaves_the_rest_for_the_next_draft() {
    CustomerId customer = anyCustomer();
    for (int i = 0; i < 5; i++) {
      charges().addIfAbsent(recorded(chargeOf(customer, eur("1.00"), i)));
    }

    assertThat(draftFromCharges(customer, EUR, 3).orElseThrow().lines()).hasSize(3);
    assertThat(draftFromCharges(customer, EUR, 3).orElseThrow().lines()).hasSize(2);
    assertThat(draftFromCharges(customer, EUR, 3)).isEmpty();
  }

  @Test
  void a_claim_that_rolls_back_leaves_the_charges_unbilled() {
    CustomerId customer = anyCustomer();
    ChargeSnapshot charge = charges().addIfAbsent(recorded(chargeOf(customer, eur("1.00"), 0)));

    assertThatThrownBy(
            () ->
                unitOfWork().inTransaction(() -> {
                  assertThat(charges().claimUnbilled(customer, EUR, anyInvoiceId(), 10)).hasSize(1);
                  throw new IllegalStateException("the draft could not be saved");
                }))
        .hasMessageContaining("could not be saved");

    assertThat(unbilledOf(customer)).containsExactly(charge);
  }

  @Test
  void concurrent_drafts_bill_each_charge_exactly_once() throws Exception {
    CustomerId customer = anyCustomer();
    List<ChargeId> all = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      all.add(charges().addIfAbsent(recorded(chargeOf(customer, eur("1.00"), i))).id());
    }

    List<Optional<InvoiceSnapshot>> drafts =
        concurrently(6, IntStream.range(0, 6)
            .mapToObj(i -> (Callable<Optional<InvoiceSnapshot>>) () -> draftFromCharges(customer, EUR, 10))
            .toList());
    draftFromCharges(customer, EUR, 100).ifPresent(rest -> drafts.add(Optional.of(rest)));

    List<ChargeId> billed =
        drafts.stream().flatMap(Optional::stream).flatMap(d -> d.lines().stream())
            .map(line -> new ChargeId(line.id().value())).toList();
    assertThat(billed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
    for (InvoiceSnapshot draft : drafts.stream().flatMap(Optional::stream).toList()) {
      for (InvoiceLine line : draft.lines()) {
        assertThat(charges().find(new ChargeId(line.id().value()), AccessScope.everyCustomer()).orElseThrow().billedInvoiceId())
            .contains(draft.id());
      }
    }
  }

  @Test
  void releasing_a_line_returns_its_charge_to_unbilled_and_ignores_lines_typed_by_hand() {
    CustomerId customer = anyCustomer();
    ChargeSnapshot charge = charges().addIfAbsent(recorded(chargeOf(customer, eur("1.00"), 0)));
    InvoiceSnapshot draft = draftFromCharges(customer, EUR, 10).orElseThrow();
    InvoiceId otherInvoice = anyInvoiceId();

    Optional<ChargeSnapshot> byHand =
        unitOfWork().inTransaction(() -> charges().releaseFromInvoice(draft.id(), anyLineId()));
    Optional<ChargeSnapshot> wrongInvoice =
        unitOfWork().inTransaction(() -> charges().releaseFromInvoice(otherInvoice, charge.id().asLineId()));
    Optional<ChargeSnapshot> released =
        unitOfWork().inTransaction(() -> charges().releaseFromInvoice(draft.id(), charge.id().asLineId()));

    assertThat(byHand).isEmpty();
    assertThat(wrongInvoice).isEmpty();
    assertThat(released).map(ChargeSnapshot::billed).contains(false);
    assertThat(unbilledOf(customer)).extracting(ChargeSnapshot::id).containsExactly(charge.id());
  }

  @Test
  void claiming_or_releasing_outside_a_transaction_is_refused() {
    CustomerId customer = anyCustomer();

    assertThatThrownBy(() -> charges().claimUnbilled(customer, EUR, anyInvoiceId(), 10))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> charges().releaseFromInvoice(anyInvoiceId(), anyLineId()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void unbilled_charges_list_by_customer_and_currency_a_page_at_a_time_within_the_scope() {
    CustomerId customer = anyCustomer();
    for (int i = 0; i < 5; i++) {
      charges().addIfAbsent(recorded(chargeOf(customer, eur("1.00"), i)));
    }
    charges().addIfAbsent(recorded(chargeOf(customer, Money.ofMinor(USD, 100), 0)));
    ChargeFilter eurOnly = new ChargeFilter(Optional.of(customer), Optional.of(EUR));

    Page<ChargeSnapshot> first = charges().listUnbilled(eurOnly, AccessScope.onlyCustomer(customer), PageRequest.first(3));
    Page<ChargeSnapshot> second =
        charges().listUnbilled(eurOnly, AccessScope.onlyCustomer(customer), new PageRequest(3, first.nextCursor()));

    assertThat(first.items()).hasSize(3);
    assertThat(second.items()).hasSize(2);
    assertThat(second.nextCursor()).isEmpty();
    assertThat(first.items()).doesNotContainAnyElementsOf(second.items());
    assertThat(charges().listUnbilled(ChargeFilter.ofCustomer(customer), AccessScope.onlyCustomer(anyCustomer()), PageRequest.first(50)).items())
        .isEmpty();
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** What the DraftInvoiceFromUnbilledCharges use case does: claim and insert in one transaction. */
  protected Optional<InvoiceSnapshot> draftFromCharges(CustomerId customer, CurrencyCode currency, int limit) {
    try {
      return Optional.of(unitOfWork().inTransaction(() -> {
        InvoiceId invoiceId = new InvoiceId(UUID.randomUUID());
        List<ChargeSnapshot> claimed = charges().claimUnbilled(customer, currency, invoiceId, limit);
        Invoice draft =
            ChargeInvoicing.draftFrom(invoiceId, customer, currency, Optional.empty(), claimed, MONDAY_MORNING);
        InvoiceSnapshot snapshot = draft.snapshot();
        invoices().add(draft);
        return snapshot;
      }));
    } catch (RuleViolationException nothingLeft) {
      assertThat(nothingLeft.reason()).isEqualTo("NO_UNBILLED_CHARGES");
      return Optional.empty();
    }
  }

  private List<ChargeSnapshot> unbilledOf(CustomerId customer) {
    return charges().listUnbilled(ChargeFilter.ofCustomer(customer), AccessScope.everyCustomer(), PageRequest.first(500)).items();
  }

  private static <T> List<T> concurrently(int threads, List<Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(pool.submit(() -> {
          start.await();
          return task.call();
        }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
