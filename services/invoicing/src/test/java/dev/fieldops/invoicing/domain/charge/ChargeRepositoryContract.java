package dev.fieldops.invoicing.domain.charge;

import static dev.fieldops.invoicing.domain.charge.ChargeFixtures.anyChargeId;
import static dev.fieldops.invoicing.domain.charge.ChargeFixtures.chargeOf;
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

import dev.fieldops.invoicing.domain.customer.AccessScope;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.invoice.Invoice;
import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.invoicing.domain.invoice.InvoiceLine;
import dev.fieldops.invoicing.domain.invoice.InvoiceRepository;
import dev.fieldops.invoicing.domain.invoice.InvoiceSnapshot;
import dev.fieldops.invoicing.domain.money.CurrencyCode;
import dev.fieldops.invoicing.domain.money.Money;
import dev.fieldops.invoicing.domain.money.QuantityUnit;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.RuleViolationException;
import dev.fieldops.kernel.paging.Page;
import dev.fieldops.kernel.paging.PageRequest;
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
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What every implementation of {@link ChargeRepository} (with the {@link InvoiceRepository} and
 * transaction it is combined with) must do. Extended by the in-memory fake now and by the
 * PostgreSQL adapter's integration test later. Each test uses customers of its own.
 */
public abstract class ChargeRepositoryContract {

  protected abstract ChargeRepository charges();

  protected abstract InvoiceRepository invoices();

  /** Runs {@code work} in one transaction of the store under test; nested calls join it. */
  protected abstract <T> T inTransaction(Supplier<T> work);

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
        concurrently(
            6,
            IntStream.range(0, 6)
                .mapToObj(
                    i -> (Callable<ChargeSnapshot>) () -> charges().addIfAbsent(recorded(details)))
                .toList());

    assertThat(stored).extracting(ChargeSnapshot::id).containsOnly(stored.getFirst().id());
    assertThat(unbilledOf(details.customerId())).hasSize(1);
  }

  @Test
  void claiming_bills_the_customers_unbilled_charges_in_one_currency_oldest_first() {
    CustomerId customer = anyCustomer();
    ChargeSnapshot later = charges().addIfAbsent(recorded(chargeOf(customer, eur("20.00"), 30)));
    ChargeSnapshot earlier = charges().addIfAbsent(recorded(chargeOf(customer, eur("10.00"), 10)));
    ChargeSnapshot inDollars =
        charges().addIfAbsent(recorded(chargeOf(customer, Money.ofMinor(USD, 500), 0)));
    ChargeSnapshot someoneElses =
        charges().addIfAbsent(recorded(chargeOf(anyCustomer(), eur("1.00"), 0)));

    InvoiceSnapshot draft = draftFromCharges(customer, EUR, 100).orElseThrow();

    assertThat(draft.lines())
        .extracting(InvoiceLine::id)
        .containsExactly(earlier.id().asLineId(), later.id().asLineId());
    assertThat(
            charges()
                .find(earlier.id(), AccessScope.everyCustomer())
                .orElseThrow()
                .billedInvoiceId())
        .contains(draft.id());
    assertThat(unbilledOf(customer)).containsExactly(inDollars);
    assertThat(
            charges().find(someoneElses.id(), AccessScope.everyCustomer()).orElseThrow().billed())
        .isFalse();
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
                inTransaction(
                    () -> {
                      assertThat(
                              charges()
                                  .claimUnbilled(
                                      ChargeSelection.everyCharge(customer, EUR),
                                      anyInvoiceId(),
                                      10))
                          .hasSize(1);
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
        concurrently(
            6,
            IntStream.range(0, 6)
                .mapToObj(
                    i ->
                        (Callable<Optional<InvoiceSnapshot>>)
                            () -> draftFromCharges(customer, EUR, 10))
                .toList());
    draftFromCharges(customer, EUR, 100).ifPresent(rest -> drafts.add(Optional.of(rest)));

    List<ChargeId> billed =
        drafts.stream()
            .flatMap(Optional::stream)
            .flatMap(d -> d.lines().stream())
            .map(line -> new ChargeId(line.id().value()))
            .toList();
    assertThat(billed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
    for (InvoiceSnapshot draft : drafts.stream().flatMap(Optional::stream).toList()) {
      for (InvoiceLine line : draft.lines()) {
        assertThat(
                charges()
                    .find(new ChargeId(line.id().value()), AccessScope.everyCustomer())
                    .orElseThrow()
                    .billedInvoiceId())
            .contains(draft.id());
      }
    }
  }

  @Test
  void releasing_returns_a_charge_billed_on_the_invoice_to_unbilled_and_changes_nothing_else() {
    CustomerId customer = anyCustomer();
    ChargeSnapshot charge = charges().addIfAbsent(recorded(chargeOf(customer, eur("1.00"), 0)));
    InvoiceSnapshot draft = draftFromCharges(customer, EUR, 10).orElseThrow();
    InvoiceId otherInvoice = anyInvoiceId();

    Optional<ChargeSnapshot> unknown =
        inTransaction(() -> charges().releaseFromInvoice(draft.id(), anyChargeId()));
    Optional<ChargeSnapshot> wrongInvoice =
        inTransaction(() -> charges().releaseFromInvoice(otherInvoice, charge.id()));
    Optional<ChargeSnapshot> released =
        inTransaction(() -> charges().releaseFromInvoice(draft.id(), charge.id()));

    assertThat(unknown).isEmpty();
    assertThat(wrongInvoice).isEmpty();
    assertThat(released).map(ChargeSnapshot::billed).contains(false);
    assertThat(unbilledOf(customer)).extracting(ChargeSnapshot::id).containsExactly(charge.id());
  }

  @Test
  void claiming_or_releasing_outside_a_transaction_is_refused() {
    CustomerId customer = anyCustomer();

    assertThatThrownBy(
            () ->
                charges()
                    .claimUnbilled(ChargeSelection.everyCharge(customer, EUR), anyInvoiceId(), 10))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> charges().releaseFromInvoice(anyInvoiceId(), anyChargeId()))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> charges().lock(List.of(anyChargeId())))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void unbilled_charges_list_by_customer_and_currency_a_page_at_a_time_within_the_scope() {
    CustomerId customer = anyCustomer();
    for (int i = 0; i < 5; i++) {
      charges().addIfAbsent(recorded(chargeOf(customer, eur("1.00"), i)));
    }
    charges().addIfAbsent(recorded(chargeOf(customer, Money.ofMinor(USD, 100), 0)));
    ChargeFilter eurOnly = ChargeFilter.ofCustomer(customer).inCurrency(EUR);

    Page<ChargeSnapshot> first =
        charges().listUnbilled(eurOnly, AccessScope.onlyCustomer(customer), PageRequest.first(3));
    Page<ChargeSnapshot> second =
        charges()
            .listUnbilled(
                eurOnly,
                AccessScope.onlyCustomer(customer),
                new PageRequest(3, first.nextCursor()));

    assertThat(first.items()).hasSize(3);
    assertThat(second.items()).hasSize(2);
    assertThat(second.nextCursor()).isEmpty();
    assertThat(first.items()).doesNotContainAnyElementsOf(second.items());
    assertThat(
            charges()
                .listUnbilled(
                    ChargeFilter.ofCustomer(customer),
                    AccessScope.onlyCustomer(anyCustomer()),
                    PageRequest.first(50))
                .items())
        .isEmpty();
  }

  // ---- units, kinds, cut-offs and chosen charges ----------------------------------------------

  @Test
  void a_draft_from_charges_comes_back_with_each_lines_unit_and_the_charge_it_bills() {
    CustomerId customer = anyCustomer();
    ChargeSnapshot minutes = charges().addIfAbsent(recorded(supportMinutes(customer, 45)));

    InvoiceSnapshot draft = draftFromCharges(customer, EUR, 10).orElseThrow();

    InvoiceSnapshot stored =
        invoices().find(draft.id(), AccessScope.everyCustomer()).orElseThrow().snapshot();
    assertThat(stored).isEqualTo(draft);
    assertThat(stored.lines())
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.unit()).contains(QuantityUnit.MINUTE);
              assertThat(line.chargeId()).contains(minutes.id().value());
            });
    assertThat(minutes.details().unit()).contains(QuantityUnit.MINUTE);
  }

  @Test
  void unbilled_charges_list_by_kind() {
    CustomerId customer = anyCustomer();
    ChargeSnapshot minutes = charges().addIfAbsent(recorded(supportMinutes(customer, 45)));
    charges().addIfAbsent(recorded(chargeOf(customer, eur("1.00"), 0)));

    assertThat(
            charges()
                .listUnbilled(
                    ChargeFilter.ofCustomer(customer).ofKind(ChargeKind.SUPPORT_MINUTES),
                    AccessScope.everyCustomer(),
                    PageRequest.first(10))
                .items())
        .containsExactly(minutes);
  }

  @Test
  void a_claim_with_a_cut_off_takes_only_charges_that_occurred_before_it() {
    CustomerId customer = anyCustomer();
    ChargeSnapshot early = charges().addIfAbsent(recorded(chargeOf(customer, eur("1.00"), 0)));
    ChargeSnapshot atCutOff = charges().addIfAbsent(recorded(chargeOf(customer, eur("1.00"), 10)));
    ChargeSnapshot late = charges().addIfAbsent(recorded(chargeOf(customer, eur("1.00"), 20)));
    ChargeSelection beforeCutOff =
        new ChargeSelection(customer, EUR, Optional.of(atCutOff.details().occurTime()), List.of());

    InvoiceSnapshot draft = draftFromCharges(beforeCutOff, 100).orElseThrow();

    assertThat(draft.lines())
        .extracting(InvoiceLine::chargeId)
        .containsExactly(Optional.of(early.id().value()));
    assertThat(unbilledOf(customer))
        .extracting(ChargeSnapshot::id)
        .containsExactlyInAnyOrder(atCutOff.id(), late.id());
  }

  @Test
  void chosen_charges_are_locked_whoever_they_belong_to_and_only_they_are_billed() {
    CustomerId customer = anyCustomer();
    ChargeSnapshot chosen = charges().addIfAbsent(recorded(chargeOf(customer, eur("1.00"), 0)));
    ChargeSnapshot notChosen = charges().addIfAbsent(recorded(chargeOf(customer, eur("2.00"), 0)));
    ChargeSnapshot theirs =
        charges().addIfAbsent(recorded(chargeOf(anyCustomer(), eur("3.00"), 0)));
    ChargeSnapshot billed = charges().addIfAbsent(recorded(chargeOf(customer, eur("4.00"), 0)));
    draftFromCharges(new ChargeSelection(customer, EUR, Optional.empty(), List.of(billed.id())), 10)
        .orElseThrow();

    List<ChargeSnapshot> locked =
        inTransaction(
            () -> charges().lock(List.of(chosen.id(), theirs.id(), billed.id(), anyChargeId())));
    InvoiceSnapshot draft =
        draftFromCharges(
                new ChargeSelection(customer, EUR, Optional.empty(), List.of(chosen.id())), 10)
            .orElseThrow();

    assertThat(locked)
        .extracting(ChargeSnapshot::id)
        .containsExactlyInAnyOrder(chosen.id(), theirs.id(), billed.id());
    assertThat(locked)
        .filteredOn(ChargeSnapshot::billed)
        .extracting(ChargeSnapshot::id)
        .containsExactly(billed.id());
    assertThat(draft.lines())
        .extracting(InvoiceLine::chargeId)
        .containsExactly(Optional.of(chosen.id().value()));
    assertThat(
            charges()
                .find(chosen.id(), AccessScope.everyCustomer())
                .orElseThrow()
                .billedInvoiceId())
        .contains(draft.id());
    assertThat(unbilledOf(customer)).extracting(ChargeSnapshot::id).containsExactly(notChosen.id());
  }

  @Test
  void a_charge_released_from_its_invoice_is_claimed_by_the_next_draft() {
    CustomerId customer = anyCustomer();
    ChargeSnapshot charge = charges().addIfAbsent(recorded(chargeOf(customer, eur("1.00"), 0)));
    InvoiceSnapshot first = draftFromCharges(customer, EUR, 10).orElseThrow();
    inTransaction(() -> charges().releaseFromInvoice(first.id(), charge.id())).orElseThrow();

    InvoiceSnapshot second = draftFromCharges(customer, EUR, 10).orElseThrow();

    assertThat(second.lines())
        .extracting(InvoiceLine::chargeId)
        .containsExactly(Optional.of(charge.id().value()));
    assertThat(
            charges()
                .find(charge.id(), AccessScope.everyCustomer())
                .orElseThrow()
                .billedInvoiceId())
        .contains(second.id());
    assertThat(invoices().find(first.id(), AccessScope.everyCustomer()).orElseThrow().lines())
        .as("the first invoice's line still says what it billed")
        .extracting(InvoiceLine::chargeId)
        .containsExactly(Optional.of(charge.id().value()));
  }

  @Test
  void concurrent_drafts_of_the_same_chosen_charges_bill_them_once_and_refuse_the_others_by_name()
      throws Exception {
    CustomerId customer = anyCustomer();
    List<ChargeId> all = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      all.add(charges().addIfAbsent(recorded(chargeOf(customer, eur("1.00"), i))).id());
    }
    ChargeSelection theseFive = new ChargeSelection(customer, EUR, Optional.empty(), all);

    List<Optional<InvoiceSnapshot>> outcomes =
        concurrently(
            4,
            IntStream.range(0, 4)
                .mapToObj(
                    i ->
                        (Callable<Optional<InvoiceSnapshot>>)
                            () -> {
                              try {
                                return draftFromCharges(theseFive, 10);
                              } catch (InvalidInputException alreadyTaken) {
                                assertThat(alreadyTaken.reason())
                                    .isEqualTo("CHARGE_ALREADY_BILLED");
                                assertThat(alreadyTaken.violations().getFirst().field())
                                    .isEqualTo("charge_ids[0]");
                                return Optional.empty();
                              }
                            })
                .toList());

    List<InvoiceSnapshot> drafts = outcomes.stream().flatMap(Optional::stream).toList();
    assertThat(drafts).hasSize(1);
    assertThat(drafts.getFirst().lines()).hasSize(5);
    for (ChargeId charge : all) {
      assertThat(
              charges().find(charge, AccessScope.everyCustomer()).orElseThrow().billedInvoiceId())
          .contains(drafts.getFirst().id());
    }
  }

  @Test
  void a_draft_of_chosen_charges_racing_a_draft_of_every_charge_never_bills_a_charge_twice()
      throws Exception {
    CustomerId customer = anyCustomer();
    List<ChargeId> all = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      all.add(charges().addIfAbsent(recorded(chargeOf(customer, eur("1.00"), i))).id());
    }
    ChargeSelection firstFive =
        new ChargeSelection(customer, EUR, Optional.empty(), all.subList(0, 5));

    List<Optional<InvoiceSnapshot>> outcomes =
        concurrently(
            2,
            List.<Callable<Optional<InvoiceSnapshot>>>of(
                () -> {
                  try {
                    return draftFromCharges(firstFive, 100);
                  } catch (InvalidInputException alreadyTaken) {
                    assertThat(alreadyTaken.reason()).isEqualTo("CHARGE_ALREADY_BILLED");
                    return Optional.empty();
                  }
                },
                () -> draftFromCharges(customer, EUR, 100)));

    List<InvoiceSnapshot> drafts = outcomes.stream().flatMap(Optional::stream).toList();
    List<UUID> billed =
        drafts.stream()
            .flatMap(d -> d.lines().stream())
            .map(line -> line.chargeId().orElseThrow())
            .toList();
    // The draft of every charge skips charges the chosen draft holds; when that one then gives up
    // (a charge it named was taken), what it held is still unbilled, for the next draft. So each
    // charge is on exactly one draft, or still unbilled: never on two, never lost.
    List<UUID> stillUnbilled =
        all.stream()
            .filter(
                id ->
                    charges()
                        .find(id, AccessScope.everyCustomer())
                        .orElseThrow()
                        .billedInvoiceId()
                        .isEmpty())
            .map(ChargeId::value)
            .toList();
    assertThat(billed).doesNotHaveDuplicates().filteredOn(stillUnbilled::contains).isEmpty();
    assertThat(Stream.concat(billed.stream(), stillUnbilled.stream()).toList())
        .containsExactlyInAnyOrderElementsOf(all.stream().map(ChargeId::value).toList());
    for (InvoiceSnapshot draft : drafts) {
      for (InvoiceLine line : draft.lines()) {
        assertThat(
                charges()
                    .find(new ChargeId(line.chargeId().orElseThrow()), AccessScope.everyCustomer())
                    .orElseThrow()
                    .billedInvoiceId())
            .contains(draft.id());
      }
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  /**
   * What the DraftInvoiceFromUnbilledCharges use case does: claim and insert in one transaction.
   */
  protected Optional<InvoiceSnapshot> draftFromCharges(
      CustomerId customer, CurrencyCode currency, int limit) {
    return draftFromCharges(ChargeSelection.everyCharge(customer, currency), limit);
  }

  /**
   * What the use case does for {@code selection}: claim (or lock, check and bill the chosen
   * charges) and insert the draft in one transaction; empty when nothing was left to claim.
   */
  protected Optional<InvoiceSnapshot> draftFromCharges(ChargeSelection selection, int limit) {
    try {
      return Optional.of(
          inTransaction(
              () -> {
                InvoiceId invoiceId = new InvoiceId(UUID.randomUUID());
                List<ChargeSnapshot> claimed;
                if (selection.chosenByCaller()) {
                  selection.requireBillable(charges().lock(selection.chosen()));
                  claimed = charges().billChosen(selection, invoiceId);
                } else {
                  claimed = charges().claimUnbilled(selection, invoiceId, limit);
                }
                Invoice draft =
                    ChargeInvoicing.draftFrom(
                        invoiceId, selection, Optional.empty(), claimed, MONDAY_MORNING);
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
    return charges()
        .listUnbilled(
            ChargeFilter.ofCustomer(customer), AccessScope.everyCustomer(), PageRequest.first(500))
        .items();
  }

  private static <T> List<T> concurrently(int threads, List<Callable<T>> tasks) throws Exception {
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
