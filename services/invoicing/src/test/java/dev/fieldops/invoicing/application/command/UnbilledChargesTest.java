package dev.fieldops.invoicing.application.command;

import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.EUR;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.USD;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyCustomer;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.eur;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.PermissionDeniedException;
import dev.fieldops.invoicing.domain.charge.ChargeEvent.ChargeRecorded;
import dev.fieldops.invoicing.domain.charge.ChargeFilter;
import dev.fieldops.invoicing.domain.charge.ChargeKind;
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
import dev.fieldops.invoicing.domain.paging.PageRequest;
import dev.fieldops.invoicing.testing.InMemoryInvoicingStore.InjectedCommitFailure;
import dev.fieldops.invoicing.testing.InvoicingTestApp;
import dev.fieldops.invoicing.testing.MutableClock;
import dev.fieldops.invoicing.testing.Principals;
import dev.fieldops.kernel.AlreadyExistsException;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.RuleViolationException;
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

  private final InvoicingTestApp app = new InvoicingTestApp(MutableClock.at("2026-03-02T09:00:00Z"));
  private final CustomerId customer = anyCustomer();

  @Test
  void support_minutes_are_priced_by_the_customers_tier_from_the_price_list() {
    RecordUnbilledChargeHandler.Result result =
        app.recordUnbilledCharge.handle(supportMinutes(45, SupportTier.PREMIUM, "support.ticket/T-9"));

    assertThat(result.newlyRecorded()).isTrue();
    assertThat(result.charge().details().unitPrice()).isEqualTo(eur("2.00"));
    assertThat(result.charge().amount()).isEqualTo(eur("90.00"));
    assertThat(result.charge().details().taxRate()).isEqualTo(TaxRate.ZERO);
    assertThat(app.db.outbox(ChargeRecorded.class)).singleElement()
        .satisfies(event -> assertThat(event.chargeId()).isEqualTo(result.charge().id()));
  }

  @Test
  void device_monitoring_is_priced_per_device_month_and_an_explicit_price_and_tax_win() {
    ChargeSnapshot monitoring =
        app.recordUnbilledCharge.handle(charge(ChargeKind.DEVICE_MONITORING, Quantity.ofWhole(3), Optional.empty(),
            Optional.empty(), "telemetry.device/d-1/2026-02")).charge();
    ChargeSnapshot special =
        app.recordUnbilledCharge.handle(charge(ChargeKind.DEVICE_MONITORING, Quantity.ofWhole(1), Optional.of(eur("4.00")),
            Optional.of(new TaxRate(1900)), "telemetry.device/d-2/2026-02")).charge();

    assertThat(monitoring.amount()).isEqualTo(eur("15.00"));
    assertThat(special.amount()).isEqualTo(eur("4.00"));
    assertThat(special.details().taxRate()).isEqualTo(new TaxRate(1900));
  }

  @Test
  void other_charges_and_support_minutes_without_a_tier_need_a_unit_price() {
    assertThatThrownBy(
            () -> app.recordUnbilledCharge.handle(charge(ChargeKind.OTHER, Quantity.ofWhole(1), Optional.empty(), Optional.empty(), "ops/visit-1")))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("UNIT_PRICE_REQUIRED");
              assertThat(e.violations().getFirst().field()).isEqualTo("charge.unit_price");
            });
    assertThatThrownBy(
            () -> app.recordUnbilledCharge.handle(charge(ChargeKind.SUPPORT_MINUTES, Quantity.ofWhole(5), Optional.empty(), Optional.empty(), "support.ticket/T-2")))
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

    assertThatThrownBy(() -> app.recordUnbilledCharge.handle(supportMinutes(31, SupportTier.BASIC, "support.ticket/T-1")))
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
    app.recordUnbilledCharge.handle(charge(ChargeKind.DEVICE_MONITORING, Quantity.ofWhole(2), Optional.empty(), Optional.empty(), "telemetry.device/d-1/2026-02"));
    ChargeSnapshot inDollars =
        app.recordUnbilledCharge.handle(charge(ChargeKind.OTHER, Quantity.ofWhole(1), Optional.of(Money.ofMinor(USD, 2500)), Optional.empty(), "ops/us-visit")).charge();

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
            RuleViolationException.class, e -> assertThat(e.reason()).isEqualTo("NO_UNBILLED_CHARGES"));
    assertThat(app.db.invoices.list(InvoiceFilter.all().withCustomer(customer), AccessScope.everyCustomer(), PageRequest.first(10)).items())
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
      app.recordUnbilledCharge.handle(supportMinutes(10 + i, SupportTier.BASIC, "support.ticket/T-" + i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Optional<InvoiceSnapshot>> drafts = new ArrayList<>();
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Optional<InvoiceSnapshot>>> futures = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        futures.add(pool.submit(() -> {
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
    assertThat(drafts.stream().flatMap(Optional::stream).flatMap(d -> d.lines().stream()).toList()).hasSize(20);
    assertThat(unbilled()).isEmpty();
  }

  @Test
  void a_customer_may_not_record_charges_or_draft_invoices() {
    RecordUnbilledCharge asCustomer =
        new RecordUnbilledCharge(Principals.customer(customer), customer, ChargeKind.OTHER, "x", Quantity.ofWhole(1),
            Optional.of(eur("1.00")), Optional.empty(), Optional.empty(), new SourceReference("x"), RESOLVED);

    assertThatThrownBy(() -> app.recordUnbilledCharge.handle(asCustomer)).isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(
            () -> app.draftFromUnbilledCharges.handle(
                new DraftInvoiceFromUnbilledCharges(Principals.customer(customer), customer, EUR, Optional.empty())))
        .isInstanceOf(PermissionDeniedException.class);
  }

  private RecordUnbilledCharge supportMinutes(int minutes, SupportTier tier, String source) {
    return new RecordUnbilledCharge(
        Principals.invoicingService(), customer, ChargeKind.SUPPORT_MINUTES, "Support, " + minutes + " min",
        Quantity.ofWhole(minutes), Optional.empty(), Optional.of(tier), Optional.empty(),
        new SourceReference(source), RESOLVED);
  }

  private RecordUnbilledCharge charge(
      ChargeKind kind, Quantity quantity, Optional<Money> unitPrice, Optional<TaxRate> taxRate, String source) {
    return new RecordUnbilledCharge(
        Principals.billingClerk(), customer, kind, kind + " charge", quantity, unitPrice, Optional.empty(),
        taxRate, new SourceReference(source), RESOLVED);
  }

  private InvoiceSnapshot draftFromCharges(CurrencyCode currency) {
    return app.draftFromUnbilledCharges.handle(
        new DraftInvoiceFromUnbilledCharges(Principals.billingClerk(), customer, currency, Optional.empty()));
  }

  private List<ChargeSnapshot> unbilled() {
    return app.db.charges.listUnbilled(ChargeFilter.ofCustomer(customer), AccessScope.everyCustomer(), PageRequest.first(100)).items();
  }
}
