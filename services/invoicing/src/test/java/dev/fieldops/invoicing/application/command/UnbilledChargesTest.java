package dev.fieldops.invoicing.application.command;

import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.EUR;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.USD;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyCustomer;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.eur;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.invoicing.application.query.ListUnbilledCharges;
import dev.fieldops.invoicing.domain.charge.ChargeEvent.ChargeRecorded;
import dev.fieldops.invoicing.domain.charge.ChargeFilter;
import dev.fieldops.invoicing.domain.charge.ChargeKind;
import dev.fieldops.invoicing.domain.charge.ChargeSelection;
import dev.fieldops.invoicing.domain.charge.ChargeSnapshot;
import dev.fieldops.invoicing.domain.charge.SupportTier;
import dev.fieldops.invoicing.domain.customer.AccessScope;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.invoice.InvoiceFilter;
import dev.fieldops.invoicing.domain.invoice.InvoiceSnapshot;
import dev.fieldops.invoicing.domain.invoice.InvoiceStatus;
import dev.fieldops.invoicing.domain.invoice.SourceReference;
import dev.fieldops.invoicing.domain.invoice.TaxRate;
import dev.fieldops.invoicing.domain.money.CurrencyCode;
import dev.fieldops.invoicing.domain.money.Money;
import dev.fieldops.invoicing.domain.money.Quantity;
import dev.fieldops.invoicing.domain.money.QuantityUnit;
import dev.fieldops.invoicing.testing.InMemoryInvoicingStore.InjectedCommitFailure;
import dev.fieldops.invoicing.testing.InvoicingTestApp;
import dev.fieldops.invoicing.testing.Principals;
import dev.fieldops.kernel.AlreadyExistsException;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.PermissionDeniedException;
import dev.fieldops.kernel.RuleViolationException;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.test.time.TestClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UnbilledChargesTest {

  private static final Instant RESOLVED = Instant.parse("2026-02-27T16:45:00Z");

  private final InvoicingTestApp app = new InvoicingTestApp(TestClock.at("2026-03-02T09:00:00Z"));
  private final CustomerId customer = anyCustomer();

  @Test
  void support_minutes_are_priced_by_the_customers_tier_from_the_price_list() {
    RecordUnbilledChargeHandler.Result result =
        app.recordUnbilledCharge.handle(
            supportMinutes(45, SupportTier.PREMIUM, "support.ticket/T-9"));

    assertThat(result.newlyRecorded()).isTrue();
    assertThat(result.charge().details().unitPrice()).isEqualTo(eur("2.00"));
    assertThat(result.charge().amount()).isEqualTo(eur("90.00"));
    assertThat(result.charge().details().taxRate()).isEqualTo(TaxRate.ZERO);
    assertThat(app.db.outbox(ChargeRecorded.class))
        .singleElement()
        .satisfies(event -> assertThat(event.chargeId()).isEqualTo(result.charge().id()));
  }

  @Test
  void device_monitoring_is_priced_per_device_month_and_an_explicit_price_and_tax_win() {
    ChargeSnapshot monitoring =
        app.recordUnbilledCharge
            .handle(
                charge(
                    ChargeKind.DEVICE_MONITORING,
                    Quantity.ofWhole(3),
                    Optional.empty(),
                    Optional.empty(),
                    "telemetry.device/d-1/2026-02"))
            .charge();
    ChargeSnapshot special =
        app.recordUnbilledCharge
            .handle(
                charge(
                    ChargeKind.DEVICE_MONITORING,
                    Quantity.ofWhole(1),
                    Optional.of(eur("4.00")),
                    Optional.of(new TaxRate(1900)),
                    "telemetry.device/d-2/2026-02"))
            .charge();

    assertThat(monitoring.amount()).isEqualTo(eur("15.00"));
    assertThat(special.amount()).isEqualTo(eur("4.00"));
    assertThat(special.details().taxRate()).isEqualTo(new TaxRate(1900));
  }

  @Test
  void other_charges_and_support_minutes_without_a_tier_need_a_unit_price() {
    assertThatThrownBy(
            () ->
                app.recordUnbilledCharge.handle(
                    charge(
                        ChargeKind.OTHER,
                        Quantity.ofWhole(1),
                        Optional.empty(),
                        Optional.empty(),
                        "ops/visit-1")))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("UNIT_PRICE_REQUIRED");
              assertThat(e.violations().getFirst().field()).isEqualTo("unit_price");
            });
    assertThatThrownBy(
            () ->
                app.recordUnbilledCharge.handle(
                    charge(
                        ChargeKind.SUPPORT_MINUTES,
                        Quantity.ofWhole(5),
                        Optional.empty(),
                        Optional.empty(),
                        "support.ticket/T-2")))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void recording_the_same_charge_again_returns_it_and_announces_nothing_new() {
    RecordUnbilledCharge command = supportMinutes(30, SupportTier.BASIC, "support.ticket/T-1");
    ChargeSnapshot first = app.recordUnbilledCharge.handle(command).charge();

    RecordUnbilledChargeHandler.Result again = app.recordUnbilledCharge.handle(command);

    assertThat(again.newlyRecorded()).isFalse();
    assertThat(again.charge()).isEqualTo(first);
    assertThat(app.db.outbox(ChargeRecorded.class)).hasSize(1);
  }

  @Test
  void a_different_charge_under_a_source_reference_already_used_is_refused() {
    app.recordUnbilledCharge.handle(supportMinutes(30, SupportTier.BASIC, "support.ticket/T-1"));

    assertThatThrownBy(
            () ->
                app.recordUnbilledCharge.handle(
                    supportMinutes(31, SupportTier.BASIC, "support.ticket/T-1")))
        .isInstanceOfSatisfying(
            AlreadyExistsException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("CHARGE_ALREADY_RECORDED");
              assertThat(e.metadata()).containsEntry("source_reference", "support.ticket/T-1");
            });
  }

  @Test
  void a_customers_unbilled_charges_in_one_currency_become_a_draft_and_are_billed() {
    app.recordUnbilledCharge.handle(supportMinutes(30, SupportTier.STANDARD, "support.ticket/T-1"));
    app.recordUnbilledCharge.handle(
        charge(
            ChargeKind.DEVICE_MONITORING,
            Quantity.ofWhole(2),
            Optional.empty(),
            Optional.empty(),
            "telemetry.device/d-1/2026-02"));
    ChargeSnapshot inDollars =
        app.recordUnbilledCharge
            .handle(
                charge(
                    ChargeKind.OTHER,
                    Quantity.ofWhole(1),
                    Optional.of(Money.ofMinor(USD, 2500)),
                    Optional.empty(),
                    "ops/us-visit"))
            .charge();

    InvoiceSnapshot draft = draftFromCharges(EUR);

    assertThat(draft.status()).isEqualTo(InvoiceStatus.DRAFT);
    assertThat(draft.customerId()).isEqualTo(customer);
    assertThat(draft.lines()).hasSize(2);
    assertThat(draft.totals().total()).isEqualTo(eur("55.00"));
    assertThat(unbilled()).containsExactly(inDollars);
  }

  @Test
  void without_unbilled_charges_no_draft_is_made() {
    assertThatThrownBy(() -> draftFromCharges(EUR))
        .isInstanceOfSatisfying(
            RuleViolationException.class,
            e -> assertThat(e.reason()).isEqualTo("NO_UNBILLED_CHARGES"));
    assertThat(
            app.db
                .invoices
                .list(
                    InvoiceFilter.all().withCustomer(customer),
                    AccessScope.everyCustomer(),
                    PageRequest.first(10))
                .items())
        .isEmpty();
  }

  @Test
  void a_draft_that_fails_to_commit_leaves_its_charges_unbilled() {
    app.recordUnbilledCharge.handle(supportMinutes(30, SupportTier.STANDARD, "support.ticket/T-1"));
    app.db.store.failNextCommits(1);

    assertThatThrownBy(() -> draftFromCharges(EUR)).isInstanceOf(InjectedCommitFailure.class);

    assertThat(unbilled()).hasSize(1);
    assertThat(draftFromCharges(EUR).lines()).hasSize(1);
  }

  @Test
  void concurrent_drafts_for_one_customer_bill_each_charge_once() throws Exception {
    for (int i = 0; i < 20; i++) {
      app.recordUnbilledCharge.handle(
          supportMinutes(10 + i, SupportTier.BASIC, "support.ticket/T-" + i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Optional<InvoiceSnapshot>> drafts = new ArrayList<>();
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Optional<InvoiceSnapshot>>> futures = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  try {
                    return Optional.of(draftFromCharges(EUR));
                  } catch (RuleViolationException nothingLeft) {
                    return Optional.empty();
                  }
                }));
      }
      start.countDown();
      for (var future : futures) {
        drafts.add(future.get(30, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(drafts).filteredOn(Optional::isPresent).hasSize(1);
    assertThat(drafts.stream().flatMap(Optional::stream).flatMap(d -> d.lines().stream()).toList())
        .hasSize(20);
    assertThat(unbilled()).isEmpty();
  }

  @Test
  void a_customer_may_not_record_charges_or_draft_invoices() {
    RecordUnbilledCharge asCustomer =
        new RecordUnbilledCharge(
            Principals.customer(customer),
            customer,
            ChargeKind.OTHER,
            "x",
            Quantity.ofWhole(1),
            Optional.empty(),
            Optional.of(eur("1.00")),
            Optional.empty(),
            Optional.empty(),
            new SourceReference("x"),
            RESOLVED);

    assertThatThrownBy(() -> app.recordUnbilledCharge.handle(asCustomer))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(
            () ->
                app.draftFromUnbilledCharges.handle(
                    new DraftInvoiceFromUnbilledCharges(
                        Principals.customer(customer), customer, EUR, Optional.empty())))
        .isInstanceOf(PermissionDeniedException.class);
  }

  private RecordUnbilledCharge supportMinutes(int minutes, SupportTier tier, String source) {
    return new RecordUnbilledCharge(
        Principals.invoicingService(),
        customer,
        ChargeKind.SUPPORT_MINUTES,
        "Support, " + minutes + " min",
        Quantity.ofWhole(minutes),
        Optional.empty(),
        Optional.empty(),
        Optional.of(tier),
        Optional.empty(),
        new SourceReference(source),
        RESOLVED);
  }

  private RecordUnbilledCharge charge(
      ChargeKind kind,
      Quantity quantity,
      Optional<Money> unitPrice,
      Optional<TaxRate> taxRate,
      String source) {
    return new RecordUnbilledCharge(
        Principals.billingClerk(),
        customer,
        kind,
        kind + " charge",
        quantity,
        Optional.empty(),
        unitPrice,
        Optional.empty(),
        taxRate,
        new SourceReference(source),
        RESOLVED);
  }

  private InvoiceSnapshot draftFromCharges(CurrencyCode currency) {
    return app.draftFromUnbilledCharges.handle(
        new DraftInvoiceFromUnbilledCharges(
            Principals.billingClerk(), customer, currency, Optional.empty()));
  }

  private List<ChargeSnapshot> unbilled() {
    return app.db
        .charges
        .listUnbilled(
            ChargeFilter.ofCustomer(customer), AccessScope.everyCustomer(), PageRequest.first(100))
        .items();
  }

  // ---- units ----------------------------------------------------------------------------------

  @Test
  void a_charge_without_a_unit_counts_in_its_kinds_unit_and_a_given_unit_is_kept() {
    ChargeSnapshot minutes =
        app.recordUnbilledCharge
            .handle(supportMinutes(30, SupportTier.BASIC, "support.ticket/T-1"))
            .charge();
    ChargeSnapshot months =
        app.recordUnbilledCharge
            .handle(
                charge(
                    ChargeKind.DEVICE_MONITORING,
                    Quantity.ofWhole(1),
                    Optional.empty(),
                    Optional.empty(),
                    "telemetry.device/d-1/2026-02"))
            .charge();
    ChargeSnapshot bare =
        app.recordUnbilledCharge
            .handle(
                charge(
                    ChargeKind.OTHER,
                    Quantity.ofWhole(1),
                    Optional.of(eur("80.00")),
                    Optional.empty(),
                    "ops/visit-1"))
            .charge();
    ChargeSnapshot hours =
        app.recordUnbilledCharge
            .handle(
                new RecordUnbilledCharge(
                    Principals.billingClerk(),
                    customer,
                    ChargeKind.OTHER,
                    "Installation",
                    Quantity.ofWhole(3),
                    Optional.of(QuantityUnit.of("h", "charge.unit")),
                    Optional.of(eur("60.00")),
                    Optional.empty(),
                    Optional.empty(),
                    new SourceReference("ops/install-1"),
                    RESOLVED))
            .charge();

    assertThat(minutes.details().unit()).contains(QuantityUnit.MINUTE);
    assertThat(months.details().unit()).contains(QuantityUnit.DEVICE_MONTH);
    assertThat(bare.details().unit()).isEmpty();
    assertThat(hours.details().unit()).map(QuantityUnit::value).contains("h");
    assertThat(app.db.outbox(ChargeRecorded.class))
        .extracting(event -> event.details().unit())
        .containsExactly(
            Optional.of(QuantityUnit.MINUTE),
            Optional.of(QuantityUnit.DEVICE_MONTH),
            Optional.empty(),
            Optional.of(QuantityUnit.of("h", "unit")));
  }

  @Test
  void support_minutes_recorded_again_with_their_unit_spelled_out_are_the_same_charge() {
    ChargeSnapshot first =
        app.recordUnbilledCharge
            .handle(supportMinutes(30, SupportTier.BASIC, "support.ticket/T-1"))
            .charge();
    RecordUnbilledCharge spelledOut = supportMinutes(30, SupportTier.BASIC, "support.ticket/T-1");

    RecordUnbilledChargeHandler.Result again =
        app.recordUnbilledCharge.handle(
            new RecordUnbilledCharge(
                spelledOut.principal(),
                spelledOut.customerId(),
                spelledOut.kind(),
                spelledOut.description(),
                spelledOut.quantity(),
                Optional.of(QuantityUnit.MINUTE),
                spelledOut.unitPrice(),
                spelledOut.supportTier(),
                spelledOut.taxRate(),
                spelledOut.sourceReference(),
                spelledOut.occurTime()));

    assertThat(again.newlyRecorded()).isFalse();
    assertThat(again.charge()).isEqualTo(first);
  }

  @Test
  void unbilled_charges_list_by_kind() {
    app.recordUnbilledCharge.handle(supportMinutes(30, SupportTier.BASIC, "support.ticket/T-1"));
    ChargeSnapshot monitoring =
        app.recordUnbilledCharge
            .handle(
                charge(
                    ChargeKind.DEVICE_MONITORING,
                    Quantity.ofWhole(1),
                    Optional.empty(),
                    Optional.empty(),
                    "telemetry.device/d-1/2026-02"))
            .charge();

    assertThat(
            app.listUnbilledCharges
                .handle(
                    new ListUnbilledCharges(
                        Principals.customer(customer),
                        ChargeFilter.ofCustomer(customer).ofKind(ChargeKind.DEVICE_MONITORING),
                        PageRequest.first(10)))
                .items())
        .containsExactly(monitoring);
  }

  // ---- choosing the charges to draft ----------------------------------------------------------

  @Test
  void drafting_chosen_charges_bills_exactly_those_and_leaves_the_others_unbilled() {
    ChargeSnapshot first = chargeAt(Instant.parse("2026-02-10T10:00:00Z"), "ops/1");
    ChargeSnapshot second = chargeAt(Instant.parse("2026-02-11T10:00:00Z"), "ops/2");
    ChargeSnapshot third = chargeAt(Instant.parse("2026-02-12T10:00:00Z"), "ops/3");

    InvoiceSnapshot draft =
        draft(
            new ChargeSelection(customer, EUR, Optional.empty(), List.of(third.id(), first.id())));

    assertThat(draft.lines())
        .extracting(line -> line.chargeId().orElseThrow())
        .as("oldest occurrence first")
        .containsExactly(first.id().value(), third.id().value());
    assertThat(unbilled()).extracting(ChargeSnapshot::id).containsExactly(second.id());
  }

  @Test
  void drafting_chosen_charges_is_refused_whole_when_one_cannot_be_billed_and_bills_nothing() {
    ChargeSnapshot billable = chargeAt(Instant.parse("2026-02-10T10:00:00Z"), "ops/1");
    ChargeSnapshot alreadyBilled = chargeAt(Instant.parse("2026-02-11T10:00:00Z"), "ops/2");
    InvoiceSnapshot earlier =
        draft(new ChargeSelection(customer, EUR, Optional.empty(), List.of(alreadyBilled.id())));

    assertThatThrownBy(
            () ->
                draft(
                    new ChargeSelection(
                        customer,
                        EUR,
                        Optional.empty(),
                        List.of(billable.id(), alreadyBilled.id()))))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("CHARGE_ALREADY_BILLED");
              assertThat(e.violations().getFirst().field()).isEqualTo("charge_ids[1]");
            });
    assertThat(unbilled()).extracting(ChargeSnapshot::id).containsExactly(billable.id());
    assertThat(
            app.db
                .invoices
                .list(
                    InvoiceFilter.all().withCustomer(customer),
                    AccessScope.everyCustomer(),
                    PageRequest.first(10))
                .items())
        .extracting(InvoiceSnapshot::id)
        .containsExactly(earlier.id());
  }

  @Test
  void drafting_up_to_a_cut_off_bills_the_month_and_leaves_later_charges_for_the_next_run() {
    Instant firstOfMarch = Instant.parse("2026-03-01T00:00:00Z");
    ChargeSnapshot february = chargeAt(firstOfMarch.minusSeconds(1), "ops/feb");
    ChargeSnapshot march = chargeAt(firstOfMarch, "ops/mar");

    InvoiceSnapshot draft =
        draft(new ChargeSelection(customer, EUR, Optional.of(firstOfMarch), List.of()));

    assertThat(draft.lines())
        .extracting(line -> line.chargeId().orElseThrow())
        .containsExactly(february.id().value());
    assertThat(unbilled()).extracting(ChargeSnapshot::id).containsExactly(march.id());
    assertThatThrownBy(
            () -> draft(new ChargeSelection(customer, EUR, Optional.of(firstOfMarch), List.of())))
        .isInstanceOfSatisfying(
            RuleViolationException.class,
            e -> assertThat(e.reason()).isEqualTo("NO_UNBILLED_CHARGES"));
  }

  private ChargeSnapshot chargeAt(Instant occurred, String source) {
    return app.recordUnbilledCharge
        .handle(
            new RecordUnbilledCharge(
                Principals.billingClerk(),
                customer,
                ChargeKind.OTHER,
                "Visit " + source,
                Quantity.ofWhole(1),
                Optional.empty(),
                Optional.of(eur("10.00")),
                Optional.empty(),
                Optional.empty(),
                new SourceReference(source),
                occurred))
        .charge();
  }

  private InvoiceSnapshot draft(ChargeSelection selection) {
    return app.draftFromUnbilledCharges.handle(
        new DraftInvoiceFromUnbilledCharges(
            Principals.billingClerk(), selection, Optional.empty()));
  }
}
