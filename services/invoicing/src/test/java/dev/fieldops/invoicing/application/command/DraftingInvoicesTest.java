package dev.fieldops.invoicing.application.command;

import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.EUR;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.USD;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyCustomer;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyInvoiceId;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.eur;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.line;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.lineOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.invoicing.domain.charge.ChargeFilter;
import dev.fieldops.invoicing.domain.charge.ChargeKind;
import dev.fieldops.invoicing.domain.charge.ChargeSnapshot;
import dev.fieldops.invoicing.domain.charge.SupportTier;
import dev.fieldops.invoicing.domain.customer.AccessScope;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.invoice.InvoiceFilter;
import dev.fieldops.invoicing.domain.invoice.InvoiceSnapshot;
import dev.fieldops.invoicing.domain.invoice.InvoiceStatus;
import dev.fieldops.invoicing.domain.invoice.SourceReference;
import dev.fieldops.invoicing.domain.money.Money;
import dev.fieldops.invoicing.domain.money.Quantity;
import dev.fieldops.invoicing.testing.InvoicingTestApp;
import dev.fieldops.invoicing.testing.Principals;
import dev.fieldops.kernel.ConcurrencyConflictException;
import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.PermissionDeniedException;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.test.time.TestClock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DraftingInvoicesTest {

  private final InvoicingTestApp app = new InvoicingTestApp(TestClock.at("2026-03-02T09:00:00Z"));
  private final CustomerId customer = anyCustomer();

  @Test
  void a_clerk_creates_a_draft_with_lines_for_a_customer() {
    InvoiceSnapshot draft =
        app.createInvoice.handle(
            new CreateInvoice(
                Principals.billingClerk(),
                customer,
                EUR,
                Optional.of(PaymentTerms.net(10)),
                List.of(line("2", eur("10.00"), 1900), lineOf(eur("5.00")))));

    assertThat(draft.status()).isEqualTo(InvoiceStatus.DRAFT);
    assertThat(draft.customerId()).isEqualTo(customer);
    assertThat(draft.totals().total()).isEqualTo(eur("28.80"));
    assertThat(draft.createTime()).isEqualTo(app.clock.instant());
    assertThat(app.db.invoices.get(draft.id(), AccessScope.everyCustomer())).contains(draft);
    assertThat(app.db.outbox()).as("drafting raises no event").isEmpty();
  }

  @Test
  void a_line_in_another_currency_is_refused_by_its_position_and_nothing_is_created() {
    assertThatThrownBy(
            () ->
                app.createInvoice.handle(
                    new CreateInvoice(
                        Principals.billingClerk(),
                        customer,
                        EUR,
                        Optional.empty(),
                        List.of(lineOf(eur("1.00")), lineOf(Money.ofMinor(USD, 100))))))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("CURRENCY_MISMATCH");
              assertThat(e.violations().getFirst().field()).isEqualTo("lines[1].unit_price");
            });
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
  void a_customer_cannot_create_an_invoice_even_for_itself() {
    assertThatThrownBy(
            () ->
                app.createInvoice.handle(
                    new CreateInvoice(
                        Principals.customer(customer), customer, EUR, Optional.empty(), List.of())))
        .isInstanceOf(PermissionDeniedException.class);
  }

  @Test
  void a_line_is_added_to_a_draft_and_returned_with_its_id() {
    InvoiceSnapshot draft = emptyDraft();

    AddInvoiceLineHandler.Result result =
        app.addInvoiceLine.handle(
            new AddInvoiceLine(
                Principals.billingClerk(),
                draft.id(),
                line("1.5", eur("80.00"), 1900),
                ExpectedVersion.of(draft.version())));

    assertThat(result.invoice().lines()).containsExactly(result.line());
    assertThat(result.line().amount()).isEqualTo(eur("120.00"));
    assertThat(result.invoice().version()).isEqualTo(draft.version() + 1);
  }

  @Test
  void a_stale_etag_is_refused_and_changes_nothing() {
    InvoiceSnapshot draft = emptyDraft();
    app.addInvoiceLine.handle(
        new AddInvoiceLine(
            Principals.billingClerk(), draft.id(), lineOf(eur("1.00")), ExpectedVersion.any()));

    assertThatThrownBy(
            () ->
                app.addInvoiceLine.handle(
                    new AddInvoiceLine(
                        Principals.billingClerk(),
                        draft.id(),
                        lineOf(eur("2.00")),
                        ExpectedVersion.of(draft.version()))))
        .isInstanceOfSatisfying(
            ConcurrencyConflictException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("ETAG_MISMATCH");
              assertThat(e.metadata()).containsEntry("invoice_id", draft.id().toString());
            });
    assertThat(app.db.invoices.get(draft.id(), AccessScope.everyCustomer()).orElseThrow().lines())
        .hasSize(1);
  }

  @Test
  void adding_to_an_invoice_that_does_not_exist_is_not_found() {
    assertThatThrownBy(
            () ->
                app.addInvoiceLine.handle(
                    new AddInvoiceLine(
                        Principals.billingClerk(),
                        anyInvoiceId(),
                        lineOf(eur("1.00")),
                        ExpectedVersion.any())))
        .isInstanceOfSatisfying(
            NotFoundException.class, e -> assertThat(e.reason()).isEqualTo("INVOICE_NOT_FOUND"));
  }

  @Test
  void removing_a_line_typed_by_hand_takes_it_off_the_draft() {
    InvoiceSnapshot draft = emptyDraft();
    var added =
        app.addInvoiceLine.handle(
            new AddInvoiceLine(
                Principals.billingClerk(), draft.id(), lineOf(eur("1.00")), ExpectedVersion.any()));

    InvoiceSnapshot after =
        app.removeInvoiceLine.handle(
            new RemoveInvoiceLine(
                Principals.billingClerk(),
                draft.id(),
                added.line().id(),
                ExpectedVersion.of(added.invoice().version())));

    assertThat(after.lines()).isEmpty();
    assertThat(after.totals().total()).isEqualTo(eur("0.00"));
  }

  @Test
  void removing_the_line_of_a_charge_returns_the_charge_to_unbilled() {
    app.recordUnbilledCharge.handle(
        new RecordUnbilledCharge(
            Principals.billingClerk(),
            customer,
            ChargeKind.SUPPORT_MINUTES,
            "Ticket T-1",
            Quantity.ofWhole(30),
            Optional.empty(),
            Optional.empty(),
            Optional.of(SupportTier.STANDARD),
            Optional.empty(),
            new SourceReference("support.ticket/T-1"),
            Instant.parse("2026-03-01T12:00:00Z")));
    InvoiceSnapshot draft =
        app.draftFromUnbilledCharges.handle(
            new DraftInvoiceFromUnbilledCharges(
                Principals.billingClerk(), customer, EUR, Optional.empty()));
    assertThat(unbilledCharges()).isEmpty();

    app.removeInvoiceLine.handle(
        new RemoveInvoiceLine(
            Principals.billingClerk(),
            draft.id(),
            draft.lines().getFirst().id(),
            ExpectedVersion.any()));

    assertThat(unbilledCharges())
        .singleElement()
        .satisfies(
            charge -> {
              assertThat(charge.details().sourceReference().value())
                  .isEqualTo("support.ticket/T-1");
              assertThat(charge.billed()).isFalse();
            });
  }

  private InvoiceSnapshot emptyDraft() {
    return app.createInvoice.handle(
        new CreateInvoice(Principals.billingClerk(), customer, EUR, Optional.empty(), List.of()));
  }

  private List<ChargeSnapshot> unbilledCharges() {
    return app.db
        .charges
        .listUnbilled(
            ChargeFilter.ofCustomer(customer), AccessScope.everyCustomer(), PageRequest.first(50))
        .items();
  }
}
