package dev.fieldops.invoicing.component;

import static dev.fieldops.invoicing.component.Requests.anyCustomer;
import static dev.fieldops.invoicing.component.Requests.charge;
import static dev.fieldops.invoicing.component.Requests.draft;
import static dev.fieldops.invoicing.component.Requests.draftDueAtIssue;
import static dev.fieldops.invoicing.component.Requests.eur;
import static dev.fieldops.invoicing.component.Requests.line;
import static dev.fieldops.invoicing.component.Requests.lineOf;
import static dev.fieldops.invoicing.component.Requests.money;
import static dev.fieldops.invoicing.component.Requests.payment;
import static dev.fieldops.invoicing.component.Requests.requestId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.google.type.Money;
import dev.fieldops.invoicing.v1.AddInvoiceLineRequest;
import dev.fieldops.invoicing.v1.ChargeKind;
import dev.fieldops.invoicing.v1.CreateInvoiceRequest;
import dev.fieldops.invoicing.v1.CurrencyBalance;
import dev.fieldops.invoicing.v1.CustomerPaymentTerms;
import dev.fieldops.invoicing.v1.DraftInvoiceFromUnbilledChargesRequest;
import dev.fieldops.invoicing.v1.GetCustomerBalanceRequest;
import dev.fieldops.invoicing.v1.GetCustomerPaymentTermsRequest;
import dev.fieldops.invoicing.v1.GetInvoiceRequest;
import dev.fieldops.invoicing.v1.Invoice;
import dev.fieldops.invoicing.v1.InvoiceLine;
import dev.fieldops.invoicing.v1.InvoiceStatus;
import dev.fieldops.invoicing.v1.InvoiceTaxAmount;
import dev.fieldops.invoicing.v1.IssueInvoiceRequest;
import dev.fieldops.invoicing.v1.ListInvoicePaymentsRequest;
import dev.fieldops.invoicing.v1.ListInvoicesRequest;
import dev.fieldops.invoicing.v1.ListInvoicesResponse;
import dev.fieldops.invoicing.v1.ListUnbilledChargesRequest;
import dev.fieldops.invoicing.v1.ListUnbilledChargesResponse;
import dev.fieldops.invoicing.v1.Payment;
import dev.fieldops.invoicing.v1.RecordPaymentRequest;
import dev.fieldops.invoicing.v1.RecordUnbilledChargeRequest;
import dev.fieldops.invoicing.v1.RemoveInvoiceLineRequest;
import dev.fieldops.invoicing.v1.SetCustomerPaymentTermsRequest;
import dev.fieldops.invoicing.v1.UnbilledCharge;
import dev.fieldops.invoicing.v1.VoidInvoiceRequest;
import dev.fieldops.kernel.Principal.Role;
import dev.fieldops.test.grpc.ErrorDetails;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every RPC of {@code InvoicingService} over a real socket against the real runtime: what it does,
 * and the status code and {@code ErrorInfo} reason of each way it can be refused.
 */
class InvoicingApiIT {

  private static RunningInvoicing service;

  @BeforeAll
  static void start() {
    service = RunningInvoicing.start();
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  // ---- CreateInvoice --------------------------------------------------------------------------

  @Test
  void a_draft_is_created_with_its_lines_and_totals_taxed_per_rate() {
    String customer = anyCustomer();

    Invoice draft =
        service
            .clerk()
            .createInvoice(
                draft(
                    customer,
                    "EUR",
                    line("Support, 90 minutes", 90_000, eur(1, 50), 1900),
                    line("Monitoring, 3 devices", 3_000, eur(5, 0), 700),
                    line("Travel", 1_000, eur(20, 5), 1900)))
            .getInvoice();

    assertThat(draft.getStatus()).isEqualTo(InvoiceStatus.INVOICE_STATUS_DRAFT);
    assertThat(draft.getInvoiceNumber()).isEmpty();
    assertThat(draft.getCustomerId()).isEqualTo(customer);
    assertThat(draft.getLinesList())
        .extracting(InvoiceLine::getAmount)
        .containsExactly(eur(135, 0), eur(15, 0), eur(20, 5));
    // 19 % of 155.05 = 29.4595 → 29.46; 7 % of 15.00 = 1.05: tax per rate, not per line.
    assertThat(draft.getTaxBreakdownList())
        .extracting(InvoiceTaxAmount::getTaxRate)
        .containsExactly(700, 1900);
    assertThat(draft.getTaxBreakdownList())
        .extracting(InvoiceTaxAmount::getTaxAmount)
        .containsExactly(eur(1, 5), eur(29, 46));
    assertThat(draft.getSubtotal()).isEqualTo(eur(170, 5));
    assertThat(draft.getTaxTotal()).isEqualTo(eur(30, 51));
    assertThat(draft.getTotal()).isEqualTo(eur(200, 56));
    assertThat(draft.getAmountDue()).isEqualTo(eur(0, 0));
    assertThat(draft.getEtag()).isNotEmpty();
    assertThat(service.clerk().getInvoice(get(draft)).getInvoice()).isEqualTo(draft);
  }

  @Test
  void amounts_in_currencies_with_zero_and_three_decimals_stay_exact() {
    Invoice yen =
        service
            .clerk()
            .createInvoice(
                draft(anyCustomer(), "JPY", line("Visit", 1_500, money("JPY", 333, 0), 1000)))
            .getInvoice();
    Invoice dinar =
        service
            .clerk()
            .createInvoice(
                draft(
                    anyCustomer(), "KWD", line("Visit", 1_000, money("KWD", 1, 255_000_000), 500)))
            .getInvoice();

    // JPY 333 × 1.5 = 499.5 → 500 (half-even); 10 % tax = 50.
    assertThat(yen.getTotal()).isEqualTo(money("JPY", 550, 0));
    // KWD 1.255 + 5 % (0.06275 → 0.063) = 1.318.
    assertThat(dinar.getTotal()).isEqualTo(money("KWD", 1, 318_000_000));
  }

  @Test
  void creating_again_with_the_same_request_id_returns_the_first_draft_and_creates_nothing() {
    String customer = anyCustomer();
    CreateInvoiceRequest request = draft(customer, "EUR", lineOf(eur(10, 0)));

    Invoice first = service.clerk().createInvoice(request).getInvoice();
    Invoice again = service.clerk().createInvoice(request).getInvoice();

    assertThat(again).isEqualTo(first);
    assertThat(list(ListInvoicesRequest.newBuilder().setCustomerId(customer)).getInvoicesList())
        .hasSize(1);
  }

  @Test
  void a_request_id_reused_for_different_content_is_refused() {
    CreateInvoiceRequest request = draft(anyCustomer(), "EUR", lineOf(eur(10, 0)));
    service.clerk().createInvoice(request);

    var error =
        refused(
            () ->
                service
                    .clerk()
                    .createInvoice(
                        request.toBuilder()
                            .setInvoice(
                                request.getInvoice().toBuilder()
                                    .setCurrencyCode("USD")
                                    .clearLines()
                                    .addLines(lineOf(money("USD", 10, 0))))
                            .build()));

    assertThat(ErrorDetails.code(error)).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(ErrorDetails.reason(error)).isEqualTo("REQUEST_ID_REUSED");
    assertThat(ErrorDetails.fieldViolationPaths(error)).containsExactly("request_id");
  }

  @Test
  void a_price_finer_than_the_currencys_minor_unit_is_refused_not_rounded() {
    var error =
        refused(
            () ->
                service
                    .clerk()
                    .createInvoice(
                        draft(anyCustomer(), "EUR", lineOf(money("EUR", 1, 5_000_000)))));

    assertThat(ErrorDetails.code(error)).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(ErrorDetails.reason(error)).isEqualTo("PRECISION_EXCEEDS_CURRENCY");
    assertThat(ErrorDetails.fieldViolationPaths(error))
        .containsExactly("invoice.lines[0].unit_price");
  }

  @Test
  void a_line_in_another_currency_than_the_invoice_is_refused_by_validation() {
    var error =
        refused(
            () ->
                service
                    .clerk()
                    .createInvoice(draft(anyCustomer(), "EUR", lineOf(money("USD", 1, 0)))));

    assertThat(ErrorDetails.code(error)).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(ErrorDetails.reason(error)).isEqualTo("VALIDATION_FAILED");
  }

  @Test
  void a_memo_is_printed_on_the_invoice_and_returned_wherever_the_invoice_is() {
    String customer = anyCustomer();
    CreateInvoiceRequest request = draft(customer, "EUR", lineOf(eur(1, 0)));
    String memo = "Your order PO-4711\nCold room 3, March";

    Invoice created =
        service
            .clerk()
            .createInvoice(
                request.toBuilder()
                    .setInvoice(request.getInvoice().toBuilder().setMemo(memo))
                    .build())
            .getInvoice();
    Invoice issued = issue(created);

    assertThat(created.getMemo()).isEqualTo(memo);
    assertThat(service.clerk().getInvoice(get(created)).getInvoice().getMemo()).isEqualTo(memo);
    assertThat(
            list(ListInvoicesRequest.newBuilder().setCustomerId(customer)).getInvoices(0).getMemo())
        .isEqualTo(memo);
    assertThat(issued.getMemo()).isEqualTo(memo);
    assertThat(service.customer(customer).getInvoice(get(created)).getInvoice().getMemo())
        .isEqualTo(memo);
    assertThat(create(customer, eur(1, 0)).getMemo()).as("no memo: empty").isEmpty();
  }

  @Test
  void a_memo_that_would_not_print_as_typed_or_is_too_long_is_invalid_on_its_field() {
    CreateInvoiceRequest request = draft(anyCustomer(), "EUR", lineOf(eur(1, 0)));

    var control =
        refused(
            () ->
                service
                    .clerk()
                    .createInvoice(
                        request.toBuilder()
                            .setInvoice(request.getInvoice().toBuilder().setMemo("bell \u0007"))
                            .build()));
    var tooLong =
        refused(
            () ->
                service
                    .clerk()
                    .createInvoice(
                        request.toBuilder()
                            .setRequestId(requestId())
                            .setInvoice(request.getInvoice().toBuilder().setMemo("x".repeat(2001)))
                            .build()));

    assertThat(ErrorDetails.code(control)).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(ErrorDetails.reason(control)).isEqualTo("INVALID_MEMO");
    assertThat(ErrorDetails.fieldViolationPaths(control)).containsExactly("invoice.memo");
    assertThat(ErrorDetails.reason(tooLong)).isEqualTo("VALIDATION_FAILED");
    assertThat(ErrorDetails.fieldViolationPaths(tooLong)).containsExactly("invoice.memo");
  }

  @Test
  void lines_keep_their_units_on_create_and_when_added() {
    Invoice created =
        service
            .clerk()
            .createInvoice(
                draft(
                    anyCustomer(),
                    "EUR",
                    line("Support", 1_500, eur(90, 0), 1900).toBuilder().setUnit("h").build(),
                    lineOf(eur(5, 0))))
            .getInvoice();

    var added =
        service
            .clerk()
            .addInvoiceLine(
                AddInvoiceLineRequest.newBuilder()
                    .setRequestId(requestId())
                    .setInvoiceId(created.getInvoiceId())
                    .setLine(
                        line("Monitoring", 3_000, eur(5, 0), 0).toBuilder().setUnit("device-month"))
                    .build());

    assertThat(created.getLinesList()).extracting(InvoiceLine::getUnit).containsExactly("h", "");
    assertThat(added.getLine().getUnit()).isEqualTo("device-month");
    assertThat(service.clerk().getInvoice(get(created)).getInvoice().getLinesList())
        .extracting(InvoiceLine::getUnit)
        .containsExactly("h", "", "device-month");
    assertThat(created.getLinesList()).extracting(InvoiceLine::getChargeId).containsOnly("");
  }

  @Test
  void a_unit_with_a_control_character_is_invalid_on_its_line() {
    var error =
        refused(
            () ->
                service
                    .clerk()
                    .createInvoice(
                        draft(
                            anyCustomer(),
                            "EUR",
                            lineOf(eur(1, 0)),
                            lineOf(eur(1, 0)).toBuilder().setUnit("h\n").build())));

    assertThat(ErrorDetails.code(error)).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(ErrorDetails.reason(error)).isEqualTo("INVALID_UNIT");
    assertThat(ErrorDetails.fieldViolationPaths(error)).containsExactly("invoice.lines[1].unit");
  }

  // ---- GetInvoice -----------------------------------------------------------------------------

  @Test
  void an_unknown_invoice_is_not_found() {
    var error =
        refused(
            () ->
                service
                    .clerk()
                    .getInvoice(
                        GetInvoiceRequest.newBuilder()
                            .setInvoiceId(UUID.randomUUID().toString())
                            .build()));

    assertThat(ErrorDetails.code(error)).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(ErrorDetails.reason(error)).isEqualTo("INVOICE_NOT_FOUND");
    assertThat(ErrorDetails.domain(error)).isEqualTo("invoicing.fieldops.dev");
  }

  @Test
  void an_invoice_id_that_is_not_a_uuid_is_invalid() {
    var error =
        refused(
            () ->
                service
                    .clerk()
                    .getInvoice(
                        GetInvoiceRequest.newBuilder().setInvoiceId("INV-2026-000001").build()));

    assertThat(ErrorDetails.code(error)).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(ErrorDetails.fieldViolationPaths(error)).contains("invoice_id");
  }

  // ---- ListInvoices ---------------------------------------------------------------------------

  @Test
  void invoices_list_by_customer_status_and_issue_time_newest_first() {
    String customer = anyCustomer();
    Invoice draftOnly = create(customer, eur(1, 0));
    Instant beforeIssue = Instant.now().minusSeconds(1);
    Invoice issuedFirst = issue(create(customer, eur(2, 0)));
    Invoice issuedSecond = issue(create(customer, eur(3, 0)));
    create(anyCustomer(), eur(4, 0));

    assertThat(ids(list(ListInvoicesRequest.newBuilder().setCustomerId(customer))))
        .containsExactly(
            issuedSecond.getInvoiceId(), issuedFirst.getInvoiceId(), draftOnly.getInvoiceId());
    assertThat(
            ids(
                list(
                    ListInvoicesRequest.newBuilder()
                        .setCustomerId(customer)
                        .setStatus(InvoiceStatus.INVOICE_STATUS_DRAFT))))
        .containsExactly(draftOnly.getInvoiceId());
    assertThat(
            ids(
                list(
                    ListInvoicesRequest.newBuilder()
                        .setCustomerId(customer)
                        .setIssueStartTime(Requests.timestamp(beforeIssue))
                        .setIssueEndTime(issuedSecond.getIssueTime()))))
        .containsExactly(issuedFirst.getInvoiceId());
  }

  @Test
  void invoices_list_a_page_at_a_time_with_tokens_bound_to_the_filters() {
    String customer = anyCustomer();
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(create(customer, eur(1, 0)).getInvoiceId());
    }
    ListInvoicesRequest.Builder request =
        ListInvoicesRequest.newBuilder().setCustomerId(customer).setPageSize(2);
    List<String> seen = new ArrayList<>();
    ListInvoicesResponse page = list(request);
    seen.addAll(ids(page));
    String secondPageToken = page.getNextPageToken();
    while (!page.getNextPageToken().isEmpty()) {
      page = list(request.setPageToken(page.getNextPageToken()));
      seen.addAll(ids(page));
    }

    assertThat(seen).containsExactlyElementsOf(created.reversed());
    var otherFilter =
        refused(
            () ->
                service
                    .clerk()
                    .listInvoices(
                        ListInvoicesRequest.newBuilder()
                            .setCustomerId(anyCustomer())
                            .setPageToken(secondPageToken)
                            .build()));
    assertThat(ErrorDetails.reason(otherFilter)).isEqualTo("INVALID_PAGE_TOKEN");
    assertThat(ErrorDetails.fieldViolationPaths(otherFilter)).containsExactly("page_token");
    var forged =
        refused(
            () ->
                service
                    .clerk()
                    .listInvoices(
                        ListInvoicesRequest.newBuilder()
                            .setCustomerId(customer)
                            .setPageToken("bm90LWEtdG9rZW4")
                            .build()));
    assertThat(ErrorDetails.reason(forged)).isEqualTo("INVALID_PAGE_TOKEN");
  }

  @Test
  void the_overdue_list_leaves_out_invoices_not_overdue_and_its_page_tokens_are_bound_to_it() {
    String customer = anyCustomer();
    for (int i = 0; i < 3; i++) {
      issue(create(customer, eur(1, 0)));
    }
    String token =
        list(ListInvoicesRequest.newBuilder().setCustomerId(customer).setPageSize(2))
            .getNextPageToken();

    var overdue =
        list(ListInvoicesRequest.newBuilder().setCustomerId(customer).setOverdueOnly(true));
    var crossed =
        refused(
            () ->
                service
                    .clerk()
                    .listInvoices(
                        ListInvoicesRequest.newBuilder()
                            .setCustomerId(customer)
                            .setOverdueOnly(true)
                            .setPageSize(2)
                            .setPageToken(token)
                            .build()));

    assertThat(overdue.getInvoicesList()).isEmpty();
    assertThat(ErrorDetails.reason(crossed)).isEqualTo("INVALID_PAGE_TOKEN");
  }

  // ---- AddInvoiceLine / RemoveInvoiceLine -----------------------------------------------------

  @Test
  void a_line_added_to_a_draft_updates_its_totals_and_etag() {
    Invoice draft = create(anyCustomer(), eur(10, 0));

    var added =
        service
            .clerk()
            .addInvoiceLine(
                AddInvoiceLineRequest.newBuilder()
                    .setRequestId(requestId())
                    .setInvoiceId(draft.getInvoiceId())
                    .setEtag(draft.getEtag())
                    .setLine(line("Extra hour", 1_000, eur(90, 0), 1900))
                    .build());

    assertThat(added.getLine().getAmount()).isEqualTo(eur(90, 0));
    assertThat(added.getInvoice().getLinesList()).hasSize(2);
    assertThat(added.getInvoice().getTotal()).isEqualTo(eur(117, 10));
    assertThat(added.getInvoice().getEtag()).isNotEqualTo(draft.getEtag());
  }

  @Test
  void adding_a_line_again_with_the_same_request_id_adds_it_once() {
    Invoice draft = create(anyCustomer(), eur(10, 0));
    var request =
        AddInvoiceLineRequest.newBuilder()
            .setRequestId(requestId())
            .setInvoiceId(draft.getInvoiceId())
            .setLine(lineOf(eur(5, 0)))
            .build();

    var first = service.clerk().addInvoiceLine(request);
    var again = service.clerk().addInvoiceLine(request);

    assertThat(again).isEqualTo(first);
    assertThat(service.clerk().getInvoice(get(draft)).getInvoice().getLinesList()).hasSize(2);
  }

  @Test
  void a_line_in_another_currency_is_a_currency_mismatch_on_its_price() {
    Invoice draft = create(anyCustomer(), eur(10, 0));

    var error =
        refused(
            () ->
                service
                    .clerk()
                    .addInvoiceLine(
                        AddInvoiceLineRequest.newBuilder()
                            .setRequestId(requestId())
                            .setInvoiceId(draft.getInvoiceId())
                            .setLine(lineOf(money("USD", 5, 0)))
                            .build()));

    assertThat(ErrorDetails.code(error)).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(ErrorDetails.reason(error)).isEqualTo("CURRENCY_MISMATCH");
    assertThat(ErrorDetails.fieldViolationPaths(error)).containsExactly("line.unit_price");
  }

  @Test
  void a_stale_etag_is_aborted_a_malformed_one_invalid_and_neither_changes_anything() {
    Invoice draft = create(anyCustomer(), eur(10, 0));
    service
        .clerk()
        .addInvoiceLine(
            AddInvoiceLineRequest.newBuilder()
                .setRequestId(requestId())
                .setInvoiceId(draft.getInvoiceId())
                .setLine(lineOf(eur(1, 0)))
                .build());
    Invoice current = service.clerk().getInvoice(get(draft)).getInvoice();

    var stale =
        refused(
            () ->
                service
                    .clerk()
                    .addInvoiceLine(
                        AddInvoiceLineRequest.newBuilder()
                            .setRequestId(requestId())
                            .setInvoiceId(draft.getInvoiceId())
                            .setEtag(draft.getEtag())
                            .setLine(lineOf(eur(2, 0)))
                            .build()));
    var garbage =
        refused(
            () ->
                service
                    .clerk()
                    .issueInvoice(
                        IssueInvoiceRequest.newBuilder()
                            .setInvoiceId(draft.getInvoiceId())
                            .setEtag("W/\"abc\"")
                            .build()));

    assertThat(ErrorDetails.code(stale)).isEqualTo(Status.Code.ABORTED);
    assertThat(ErrorDetails.reason(stale)).isEqualTo("ETAG_MISMATCH");
    assertThat(ErrorDetails.code(garbage)).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(ErrorDetails.reason(garbage)).isEqualTo("INVALID_ETAG");
    assertThat(ErrorDetails.fieldViolationPaths(garbage)).containsExactly("etag");
    assertThat(service.clerk().getInvoice(get(draft)).getInvoice()).isEqualTo(current);
  }

  @Test
  void a_removed_line_leaves_the_draft_and_an_unknown_line_is_not_found() {
    Invoice draft =
        service
            .clerk()
            .createInvoice(draft(anyCustomer(), "EUR", lineOf(eur(10, 0)), lineOf(eur(20, 0))))
            .getInvoice();

    Invoice after =
        service
            .clerk()
            .removeInvoiceLine(
                RemoveInvoiceLineRequest.newBuilder()
                    .setInvoiceId(draft.getInvoiceId())
                    .setLineId(draft.getLines(0).getLineId())
                    .setEtag(draft.getEtag())
                    .build())
            .getInvoice();
    var unknown =
        refused(
            () ->
                service
                    .clerk()
                    .removeInvoiceLine(
                        RemoveInvoiceLineRequest.newBuilder()
                            .setInvoiceId(draft.getInvoiceId())
                            .setLineId(UUID.randomUUID().toString())
                            .build()));

    assertThat(after.getLinesList())
        .extracting(InvoiceLine::getLineId)
        .containsExactly(draft.getLines(1).getLineId());
    assertThat(after.getTotal()).isEqualTo(eur(20, 0));
    assertThat(ErrorDetails.code(unknown)).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(ErrorDetails.reason(unknown)).isEqualTo("INVOICE_LINE_NOT_FOUND");
  }

  @Test
  void an_issued_invoice_gains_and_loses_no_lines() {
    Invoice issued = issue(create(anyCustomer(), eur(10, 0)));

    var add =
        refused(
            () ->
                service
                    .clerk()
                    .addInvoiceLine(
                        AddInvoiceLineRequest.newBuilder()
                            .setRequestId(requestId())
                            .setInvoiceId(issued.getInvoiceId())
                            .setLine(lineOf(eur(1, 0)))
                            .build()));
    var remove =
        refused(
            () ->
                service
                    .clerk()
                    .removeInvoiceLine(
                        RemoveInvoiceLineRequest.newBuilder()
                            .setInvoiceId(issued.getInvoiceId())
                            .setLineId(issued.getLines(0).getLineId())
                            .build()));

    for (var error : List.of(add, remove)) {
      assertThat(ErrorDetails.code(error)).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(ErrorDetails.reason(error)).isEqualTo("INVOICE_NOT_DRAFT");
    }
  }

  // ---- IssueInvoice ---------------------------------------------------------------------------

  @Test
  void issuing_numbers_dates_and_freezes_the_invoice() {
    Invoice draft = create(anyCustomer(), eur(100, 0));

    Invoice issued =
        service
            .clerk()
            .issueInvoice(
                IssueInvoiceRequest.newBuilder()
                    .setInvoiceId(draft.getInvoiceId())
                    .setEtag(draft.getEtag())
                    .build())
            .getInvoice();

    assertThat(issued.getStatus()).isEqualTo(InvoiceStatus.INVOICE_STATUS_ISSUED);
    assertThat(issued.getInvoiceNumber()).matches("INV-\\d{4}-\\d{6}");
    assertThat(issued.getPaymentTermsDays()).isEqualTo(30);
    assertThat(
            Duration.ofSeconds(
                issued.getDueTime().getSeconds() - issued.getIssueTime().getSeconds()))
        .isEqualTo(Duration.ofDays(30));
    assertThat(issued.getAmountDue()).isEqualTo(eur(100, 0));
    assertThat(service.admin().getInvoice(get(issued)).getInvoice()).isEqualTo(issued);
  }

  @Test
  void an_invoice_without_lines_cannot_be_issued_and_takes_no_number() {
    Invoice empty = service.clerk().createInvoice(draft(anyCustomer(), "EUR")).getInvoice();
    Invoice before = issue(create(anyCustomer(), eur(1, 0)));

    var error =
        refused(
            () ->
                service
                    .clerk()
                    .issueInvoice(
                        IssueInvoiceRequest.newBuilder()
                            .setInvoiceId(empty.getInvoiceId())
                            .build()));
    Invoice after = issue(create(anyCustomer(), eur(1, 0)));

    assertThat(ErrorDetails.code(error)).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(ErrorDetails.reason(error)).isEqualTo("INVOICE_HAS_NO_LINES");
    assertThat(sequence(after)).isEqualTo(sequence(before) + 1);
  }

  @Test
  void an_issued_invoice_is_not_issued_again() {
    Invoice issued = issue(create(anyCustomer(), eur(1, 0)));

    var error =
        refused(
            () ->
                service
                    .clerk()
                    .issueInvoice(
                        IssueInvoiceRequest.newBuilder()
                            .setInvoiceId(issued.getInvoiceId())
                            .build()));

    assertThat(ErrorDetails.code(error)).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(ErrorDetails.reason(error)).isEqualTo("INVOICE_NOT_DRAFT");
    assertThat(service.clerk().getInvoice(get(issued)).getInvoice().getInvoiceNumber())
        .isEqualTo(issued.getInvoiceNumber());
  }

  // ---- RecordPayment / ListInvoicePayments ----------------------------------------------------

  @Test
  void partial_payments_then_the_settling_one_make_the_invoice_paid() {
    Invoice issued = issue(create(anyCustomer(), eur(100, 0)));

    var partial = service.clerk().recordPayment(payment(issued.getInvoiceId(), eur(40, 0), ref()));
    var rest = service.clerk().recordPayment(payment(issued.getInvoiceId(), eur(60, 0), ref()));

    assertThat(partial.getInvoice().getStatus()).isEqualTo(InvoiceStatus.INVOICE_STATUS_ISSUED);
    assertThat(partial.getInvoice().getAmountDue()).isEqualTo(eur(60, 0));
    assertThat(partial.getPayment().getAmount()).isEqualTo(eur(40, 0));
    assertThat(rest.getInvoice().getStatus()).isEqualTo(InvoiceStatus.INVOICE_STATUS_PAID);
    assertThat(rest.getInvoice().getAmountPaid()).isEqualTo(eur(100, 0));
    assertThat(rest.getInvoice().getAmountDue()).isEqualTo(eur(0, 0));
    assertThat(rest.getInvoice().hasPaidTime()).isTrue();
  }

  @Test
  void a_payment_beyond_what_is_due_is_refused_as_overpayment() {
    Invoice issued = issue(create(anyCustomer(), eur(100, 0)));
    service.clerk().recordPayment(payment(issued.getInvoiceId(), eur(70, 0), ref()));

    var error =
        refused(
            () -> service.clerk().recordPayment(payment(issued.getInvoiceId(), eur(30, 1), ref())));

    assertThat(ErrorDetails.code(error)).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(ErrorDetails.reason(error)).isEqualTo("OVERPAYMENT");
    assertThat(service.clerk().getInvoice(get(issued)).getInvoice().getAmountDue())
        .isEqualTo(eur(30, 0));
  }

  @Test
  void a_payment_in_another_currency_is_a_currency_mismatch_on_the_amount() {
    Invoice issued = issue(create(anyCustomer(), eur(100, 0)));

    var error =
        refused(
            () ->
                service
                    .clerk()
                    .recordPayment(payment(issued.getInvoiceId(), money("USD", 10, 0), ref())));

    assertThat(ErrorDetails.code(error)).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(ErrorDetails.reason(error)).isEqualTo("CURRENCY_MISMATCH");
    assertThat(ErrorDetails.fieldViolationPaths(error)).containsExactly("amount");
  }

  @Test
  void a_payment_retried_with_its_request_id_is_recorded_once() {
    Invoice issued = issue(create(anyCustomer(), eur(100, 0)));
    RecordPaymentRequest request = payment(issued.getInvoiceId(), eur(25, 0), ref());
    int eventsBefore = service.outboxEvents();

    var first = service.clerk().recordPayment(request);
    var again = service.clerk().recordPayment(request);
    var reused =
        refused(
            () -> service.clerk().recordPayment(request.toBuilder().setAmount(eur(26, 0)).build()));

    assertThat(again).isEqualTo(first);
    assertThat(service.outboxEvents()).isEqualTo(eventsBefore + 1);
    assertThat(
            service
                .clerk()
                .listInvoicePayments(
                    ListInvoicePaymentsRequest.newBuilder()
                        .setInvoiceId(issued.getInvoiceId())
                        .build())
                .getPaymentsList())
        .hasSize(1);
    assertThat(ErrorDetails.reason(reused)).isEqualTo("REQUEST_ID_REUSED");
  }

  @Test
  void a_bank_reference_is_booked_once_across_invoices() {
    Invoice one = issue(create(anyCustomer(), eur(100, 0)));
    Invoice other = issue(create(anyCustomer(), eur(100, 0)));
    String reference = ref();
    service.clerk().recordPayment(payment(one.getInvoiceId(), eur(10, 0), reference));

    var sameInvoice =
        refused(
            () ->
                service.clerk().recordPayment(payment(one.getInvoiceId(), eur(10, 0), reference)));
    var otherInvoice =
        refused(
            () ->
                service
                    .clerk()
                    .recordPayment(payment(other.getInvoiceId(), eur(10, 0), reference)));

    for (var error : List.of(sameInvoice, otherInvoice)) {
      assertThat(ErrorDetails.code(error)).isEqualTo(Status.Code.ALREADY_EXISTS);
      assertThat(ErrorDetails.reason(error)).isEqualTo("PAYMENT_REFERENCE_ALREADY_USED");
    }
    assertThat(service.clerk().getInvoice(get(other)).getInvoice().getAmountPaid())
        .isEqualTo(eur(0, 0));
  }

  @Test
  void a_draft_takes_no_payment() {
    Invoice draft = create(anyCustomer(), eur(100, 0));

    var error =
        refused(
            () -> service.clerk().recordPayment(payment(draft.getInvoiceId(), eur(1, 0), ref())));

    assertThat(ErrorDetails.code(error)).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(ErrorDetails.reason(error)).isEqualTo("INVOICE_NOT_ISSUED");
  }

  @Test
  void payments_list_oldest_first_a_page_at_a_time() {
    Invoice issued = issue(create(anyCustomer(), eur(100, 0)));
    List<String> references = List.of(ref(), ref(), ref());
    for (String reference : references) {
      service.clerk().recordPayment(payment(issued.getInvoiceId(), eur(10, 0), reference));
    }

    var first =
        service
            .clerk()
            .listInvoicePayments(
                ListInvoicePaymentsRequest.newBuilder()
                    .setInvoiceId(issued.getInvoiceId())
                    .setPageSize(2)
                    .build());
    var second =
        service
            .clerk()
            .listInvoicePayments(
                ListInvoicePaymentsRequest.newBuilder()
                    .setInvoiceId(issued.getInvoiceId())
                    .setPageSize(2)
                    .setPageToken(first.getNextPageToken())
                    .build());

    List<String> seen = new ArrayList<>();
    first.getPaymentsList().forEach(p -> seen.add(p.getPaymentReference()));
    second.getPaymentsList().forEach(p -> seen.add(p.getPaymentReference()));
    assertThat(seen).containsExactlyElementsOf(references);
    assertThat(second.getNextPageToken()).isEmpty();
    assertThat(second.getPaymentsList())
        .extracting(Payment::getInvoiceId)
        .containsOnly(issued.getInvoiceId());
  }

  @Test
  void a_payment_keeps_when_its_money_arrived_apart_from_when_it_was_recorded() {
    Invoice issued = issue(create(anyCustomer(), eur(100, 0)));
    Instant arrived = Instant.ofEpochSecond(issued.getIssueTime().getSeconds() + 1);
    Instant beforeRecording = Instant.now().minusSeconds(1);

    var paid =
        service
            .clerk()
            .recordPayment(
                payment(issued.getInvoiceId(), eur(100, 0), ref()).toBuilder()
                    .setReceiveTime(Requests.timestamp(arrived))
                    .build());
    var unstated =
        service
            .clerk()
            .recordPayment(
                payment(issue(create(anyCustomer(), eur(1, 0))).getInvoiceId(), eur(1, 0), ref()));

    assertThat(paid.getPayment().getReceiveTime()).isEqualTo(Requests.timestamp(arrived));
    assertThat(Instant.ofEpochSecond(paid.getPayment().getRecordTime().getSeconds()))
        .isAfterOrEqualTo(beforeRecording.minusSeconds(1));
    assertThat(paid.getInvoice().getPaidTime())
        .as("paid when the money arrived")
        .isEqualTo(Requests.timestamp(arrived));
    assertThat(
            service
                .clerk()
                .listInvoicePayments(
                    ListInvoicePaymentsRequest.newBuilder()
                        .setInvoiceId(issued.getInvoiceId())
                        .build())
                .getPayments(0)
                .getReceiveTime())
        .isEqualTo(Requests.timestamp(arrived));
    assertThat(unstated.getPayment().getReceiveTime())
        .isEqualTo(unstated.getPayment().getRecordTime());
  }

  @Test
  void money_received_before_the_invoice_was_issued_or_in_the_future_is_refused_on_receive_time() {
    Invoice issued = issue(create(anyCustomer(), eur(100, 0)));

    var beforeIssue =
        refused(
            () ->
                service
                    .clerk()
                    .recordPayment(
                        payment(issued.getInvoiceId(), eur(1, 0), ref()).toBuilder()
                            .setReceiveTime(
                                Requests.timestamp(
                                    Instant.ofEpochSecond(issued.getIssueTime().getSeconds() - 60)))
                            .build()));
    var future =
        refused(
            () ->
                service
                    .clerk()
                    .recordPayment(
                        payment(issued.getInvoiceId(), eur(1, 0), ref()).toBuilder()
                            .setReceiveTime(
                                Requests.timestamp(Instant.now().plus(Duration.ofMinutes(10))))
                            .build()));

    assertThat(ErrorDetails.code(beforeIssue)).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(ErrorDetails.reason(beforeIssue)).isEqualTo("RECEIVE_TIME_BEFORE_ISSUE");
    assertThat(ErrorDetails.fieldViolationPaths(beforeIssue)).containsExactly("receive_time");
    assertThat(ErrorDetails.reason(future)).isEqualTo("VALIDATION_FAILED");
    assertThat(ErrorDetails.fieldViolationPaths(future)).containsExactly("receive_time");
    assertThat(service.clerk().getInvoice(get(issued)).getInvoice().getAmountPaid())
        .isEqualTo(eur(0, 0));
  }

  // ---- VoidInvoice ----------------------------------------------------------------------------

  @Test
  void an_issued_unpaid_invoice_is_voided_with_its_reason_and_keeps_its_number() {
    Invoice issued = issue(create(anyCustomer(), eur(100, 0)));

    Invoice voided =
        service
            .clerk()
            .voidInvoice(
                VoidInvoiceRequest.newBuilder()
                    .setInvoiceId(issued.getInvoiceId())
                    .setReason("billed twice")
                    .setEtag(issued.getEtag())
                    .build())
            .getInvoice();

    assertThat(voided.getStatus()).isEqualTo(InvoiceStatus.INVOICE_STATUS_VOID);
    assertThat(voided.getVoidReason()).isEqualTo("billed twice");
    assertThat(voided.getInvoiceNumber()).isEqualTo(issued.getInvoiceNumber());
    assertThat(voided.getAmountDue()).isEqualTo(eur(0, 0));
  }

  @Test
  void a_paid_or_partly_paid_invoice_cannot_be_voided() {
    Invoice partly = issue(create(anyCustomer(), eur(100, 0)));
    service.clerk().recordPayment(payment(partly.getInvoiceId(), eur(1, 0), ref()));
    Invoice paid = issue(create(anyCustomer(), eur(100, 0)));
    service.clerk().recordPayment(payment(paid.getInvoiceId(), eur(100, 0), ref()));

    for (Invoice invoice : List.of(partly, paid)) {
      var error =
          refused(
              () ->
                  service
                      .clerk()
                      .voidInvoice(
                          VoidInvoiceRequest.newBuilder()
                              .setInvoiceId(invoice.getInvoiceId())
                              .setReason("customer complained")
                              .build()));
      assertThat(ErrorDetails.code(error)).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(ErrorDetails.reason(error)).isEqualTo("INVOICE_HAS_PAYMENTS");
    }
  }

  @Test
  void a_draft_is_not_voided() {
    Invoice draft = create(anyCustomer(), eur(1, 0));

    var error =
        refused(
            () ->
                service
                    .clerk()
                    .voidInvoice(
                        VoidInvoiceRequest.newBuilder()
                            .setInvoiceId(draft.getInvoiceId())
                            .setReason("mistake")
                            .build()));
    var releasing =
        refused(
            () ->
                service
                    .clerk()
                    .voidInvoice(
                        VoidInvoiceRequest.newBuilder()
                            .setInvoiceId(draft.getInvoiceId())
                            .setReason("mistake")
                            .setReleaseCharges(true)
                            .build()));

    assertThat(ErrorDetails.reason(error)).isEqualTo("INVOICE_NOT_ISSUED");
    assertThat(ErrorDetails.reason(releasing)).isEqualTo("INVOICE_NOT_ISSUED");
  }

  @Test
  void
      voiding_with_release_charges_returns_the_charges_to_unbilled_and_a_new_invoice_bills_them_once() {
    String customer = anyCustomer();
    Instant monday = Instant.parse("2026-03-02T09:00:00Z");
    UnbilledCharge first =
        service.clerk().recordUnbilledCharge(charge(customer, eur(1, 0), monday)).getCharge();
    UnbilledCharge second =
        service
            .clerk()
            .recordUnbilledCharge(charge(customer, eur(2, 0), monday.plusSeconds(60)))
            .getCharge();
    Invoice wrong = issue(draftFromCharges(customer));

    Invoice voided =
        service
            .clerk()
            .voidInvoice(
                VoidInvoiceRequest.newBuilder()
                    .setInvoiceId(wrong.getInvoiceId())
                    .setReason("billed the wrong month")
                    .setReleaseCharges(true)
                    .build())
            .getInvoice();

    assertThat(voided.getStatus()).isEqualTo(InvoiceStatus.INVOICE_STATUS_VOID);
    assertThat(voided.getLinesList())
        .extracting(InvoiceLine::getChargeId)
        .as("the void invoice keeps its lines")
        .containsExactly(first.getChargeId(), second.getChargeId());
    assertThat(unbilled(customer))
        .extracting(UnbilledCharge::getChargeId)
        .containsExactly(first.getChargeId(), second.getChargeId());

    Invoice right = issue(draftFromCharges(customer));

    assertThat(right.getLinesList())
        .extracting(InvoiceLine::getChargeId)
        .containsExactly(first.getChargeId(), second.getChargeId());
    assertThat(unbilled(customer)).isEmpty();
    for (String charge : List.of(first.getChargeId(), second.getChargeId())) {
      assertThat(nonVoidInvoicesBilling(customer, charge)).containsExactly(right.getInvoiceId());
    }
  }

  @Test
  void voiding_without_release_charges_writes_the_charges_off() {
    String customer = anyCustomer();
    service
        .clerk()
        .recordUnbilledCharge(charge(customer, eur(1, 0), Instant.parse("2026-03-02T09:00:00Z")));
    Invoice issued = issue(draftFromCharges(customer));

    service
        .clerk()
        .voidInvoice(
            VoidInvoiceRequest.newBuilder()
                .setInvoiceId(issued.getInvoiceId())
                .setReason("written off")
                .build());

    assertThat(unbilled(customer)).isEmpty();
  }

  // ---- charges --------------------------------------------------------------------------------

  @Test
  void a_recorded_charge_is_listed_as_unbilled_and_recording_it_again_keeps_one() {
    String customer = anyCustomer();
    RecordUnbilledChargeRequest request =
        charge(customer, eur(1, 50), Instant.parse("2026-03-02T09:00:00Z"));

    UnbilledCharge recorded = service.clerk().recordUnbilledCharge(request).getCharge();
    UnbilledCharge again =
        service
            .clerk()
            .recordUnbilledCharge(request.toBuilder().setRequestId(requestId()).build())
            .getCharge();

    assertThat(recorded.getAmount()).isEqualTo(eur(67, 50));
    assertThat(recorded.getUnit()).as("support minutes count in minutes").isEqualTo("minute");
    assertThat(recorded.getBilledInvoiceId()).isEmpty();
    assertThat(again.getChargeId()).isEqualTo(recorded.getChargeId());
    assertThat(unbilled(customer))
        .extracting(UnbilledCharge::getChargeId)
        .containsExactly(recorded.getChargeId());
  }

  @Test
  void a_different_charge_under_a_recorded_source_reference_already_exists() {
    RecordUnbilledChargeRequest request =
        charge(anyCustomer(), eur(1, 50), Instant.parse("2026-03-02T09:00:00Z"));
    service.clerk().recordUnbilledCharge(request);

    var error =
        refused(
            () ->
                service
                    .clerk()
                    .recordUnbilledCharge(
                        request.toBuilder()
                            .setRequestId(requestId())
                            .setCharge(request.getCharge().toBuilder().setQuantityMilli(60_000))
                            .build()));

    assertThat(ErrorDetails.code(error)).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(ErrorDetails.reason(error)).isEqualTo("CHARGE_ALREADY_RECORDED");
  }

  @Test
  void unbilled_charges_list_by_currency_oldest_first_a_page_at_a_time() {
    String customer = anyCustomer();
    Instant monday = Instant.parse("2026-03-02T09:00:00Z");
    List<String> eurCharges = new ArrayList<>();
    for (int day = 3; day >= 0; day--) {
      eurCharges.add(
          0,
          service
              .clerk()
              .recordUnbilledCharge(charge(customer, eur(1, 0), monday.plus(Duration.ofDays(day))))
              .getCharge()
              .getChargeId());
    }
    service.clerk().recordUnbilledCharge(charge(customer, money("USD", 1, 0), monday));

    var request =
        ListUnbilledChargesRequest.newBuilder()
            .setCustomerId(customer)
            .setCurrencyCode("EUR")
            .setPageSize(3);
    ListUnbilledChargesResponse first = service.clerk().listUnbilledCharges(request.build());
    ListUnbilledChargesResponse second =
        service.clerk().listUnbilledCharges(request.setPageToken(first.getNextPageToken()).build());

    List<String> seen = new ArrayList<>();
    first.getChargesList().forEach(c -> seen.add(c.getChargeId()));
    second.getChargesList().forEach(c -> seen.add(c.getChargeId()));
    assertThat(seen).containsExactlyElementsOf(eurCharges);
    assertThat(second.getNextPageToken()).isEmpty();
  }

  @Test
  void unbilled_charges_become_a_draft_once_and_a_removed_line_returns_its_charge() {
    String customer = anyCustomer();
    Instant monday = Instant.parse("2026-03-02T09:00:00Z");
    UnbilledCharge later =
        service
            .clerk()
            .recordUnbilledCharge(charge(customer, eur(2, 0), monday.plusSeconds(60)))
            .getCharge();
    UnbilledCharge earlier =
        service.clerk().recordUnbilledCharge(charge(customer, eur(1, 0), monday)).getCharge();
    var draftRequest =
        DraftInvoiceFromUnbilledChargesRequest.newBuilder()
            .setRequestId(requestId())
            .setCustomerId(customer)
            .setCurrencyCode("EUR")
            .setPaymentTermsDays(14)
            .build();

    Invoice drafted = service.clerk().draftInvoiceFromUnbilledCharges(draftRequest).getInvoice();
    Invoice replayed = service.clerk().draftInvoiceFromUnbilledCharges(draftRequest).getInvoice();
    var nothingLeft =
        refused(
            () ->
                service
                    .clerk()
                    .draftInvoiceFromUnbilledCharges(
                        draftRequest.toBuilder().setRequestId(requestId()).build()));

    assertThat(drafted.getStatus()).isEqualTo(InvoiceStatus.INVOICE_STATUS_DRAFT);
    assertThat(drafted.getPaymentTermsDays()).isEqualTo(14);
    assertThat(drafted.getLinesList())
        .extracting(InvoiceLine::getLineId)
        .containsExactly(earlier.getChargeId(), later.getChargeId());
    assertThat(drafted.getLinesList())
        .extracting(InvoiceLine::getChargeId)
        .containsExactly(earlier.getChargeId(), later.getChargeId());
    assertThat(drafted.getLinesList()).extracting(InvoiceLine::getUnit).containsOnly("minute");
    assertThat(drafted.getTotal()).isEqualTo(eur(135, 0));
    assertThat(replayed).isEqualTo(drafted);
    assertThat(unbilled(customer)).isEmpty();
    assertThat(ErrorDetails.code(nothingLeft)).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(ErrorDetails.reason(nothingLeft)).isEqualTo("NO_UNBILLED_CHARGES");

    service
        .clerk()
        .removeInvoiceLine(
            RemoveInvoiceLineRequest.newBuilder()
                .setInvoiceId(drafted.getInvoiceId())
                .setLineId(later.getChargeId())
                .build());

    assertThat(unbilled(customer))
        .extracting(UnbilledCharge::getChargeId)
        .containsExactly(later.getChargeId());
  }

  @Test
  void drafting_chosen_charges_bills_only_those_each_line_naming_its_charge_and_unit() {
    String customer = anyCustomer();
    Instant monday = Instant.parse("2026-03-02T09:00:00Z");
    UnbilledCharge first =
        service.clerk().recordUnbilledCharge(charge(customer, eur(1, 0), monday)).getCharge();
    UnbilledCharge second =
        service
            .clerk()
            .recordUnbilledCharge(charge(customer, eur(1, 0), monday.plusSeconds(60)))
            .getCharge();
    UnbilledCharge third =
        service
            .clerk()
            .recordUnbilledCharge(charge(customer, eur(1, 0), monday.plusSeconds(120)))
            .getCharge();

    Invoice drafted =
        service
            .clerk()
            .draftInvoiceFromUnbilledCharges(
                DraftInvoiceFromUnbilledChargesRequest.newBuilder()
                    .setRequestId(requestId())
                    .setCustomerId(customer)
                    .setCurrencyCode("EUR")
                    .addChargeIds(third.getChargeId())
                    .addChargeIds(first.getChargeId())
                    .build())
            .getInvoice();

    assertThat(drafted.getLinesList())
        .extracting(InvoiceLine::getChargeId)
        .as("oldest occurrence first")
        .containsExactly(first.getChargeId(), third.getChargeId());
    assertThat(drafted.getLinesList()).extracting(InvoiceLine::getUnit).containsOnly("minute");
    assertThat(unbilled(customer))
        .extracting(UnbilledCharge::getChargeId)
        .containsExactly(second.getChargeId());
  }

  @Test
  void a_chosen_charge_that_cannot_be_drafted_is_named_with_its_reason_and_nothing_is_drafted() {
    String customer = anyCustomer();
    Instant monday = Instant.parse("2026-03-02T09:00:00Z");
    String billable =
        service
            .clerk()
            .recordUnbilledCharge(charge(customer, eur(1, 0), monday))
            .getCharge()
            .getChargeId();
    String theirs =
        service
            .clerk()
            .recordUnbilledCharge(charge(anyCustomer(), eur(1, 0), monday))
            .getCharge()
            .getChargeId();
    String inDollars =
        service
            .clerk()
            .recordUnbilledCharge(charge(customer, money("USD", 1, 0), monday))
            .getCharge()
            .getChargeId();
    String billed =
        service
            .clerk()
            .recordUnbilledCharge(charge(customer, eur(1, 0), monday))
            .getCharge()
            .getChargeId();
    draftChosen(customer, List.of(billed), null);
    String later =
        service
            .clerk()
            .recordUnbilledCharge(charge(customer, eur(1, 0), monday.plusSeconds(3600)))
            .getCharge()
            .getChargeId();
    Instant cutOff = monday.plusSeconds(60);

    Map<String, StatusRuntimeException> refusals = new LinkedHashMap<>();
    refusals.put(
        "CHARGE_NOT_FOUND",
        refused(
            () -> draftChosen(customer, List.of(billable, UUID.randomUUID().toString()), null)));
    refusals.put(
        "CHARGE_OF_ANOTHER_CUSTOMER",
        refused(() -> draftChosen(customer, List.of(billable, theirs), null)));
    refusals.put(
        "CURRENCY_MISMATCH",
        refused(() -> draftChosen(customer, List.of(billable, inDollars), null)));
    refusals.put(
        "CHARGE_ALREADY_BILLED",
        refused(() -> draftChosen(customer, List.of(billable, billed), null)));
    refusals.put(
        "CHARGE_NOT_BEFORE_CUT_OFF",
        refused(() -> draftChosen(customer, List.of(billable, later), cutOff)));
    refusals.put(
        "VALIDATION_FAILED",
        refused(() -> draftChosen(customer, List.of(billable, "INV-1"), null)));

    refusals.forEach(
        (reason, error) -> {
          assertThat(ErrorDetails.code(error)).as(reason).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(ErrorDetails.reason(error)).isEqualTo(reason);
          assertThat(ErrorDetails.fieldViolationPaths(error))
              .as(reason)
              .containsExactly("charge_ids[1]");
        });
    assertThat(unbilled(customer))
        .extracting(UnbilledCharge::getChargeId)
        .as("nothing was drafted")
        .contains(billable, later);
    assertThat(list(ListInvoicesRequest.newBuilder().setCustomerId(customer)).getInvoicesList())
        .hasSize(1);
  }

  @Test
  void drafting_up_to_a_cut_off_bills_the_earlier_charges_and_leaves_the_later_ones() {
    String customer = anyCustomer();
    Instant firstOfMarch = Instant.parse("2026-03-01T00:00:00Z");
    UnbilledCharge february =
        service
            .clerk()
            .recordUnbilledCharge(charge(customer, eur(1, 0), firstOfMarch.minusSeconds(1)))
            .getCharge();
    UnbilledCharge march =
        service.clerk().recordUnbilledCharge(charge(customer, eur(1, 0), firstOfMarch)).getCharge();

    Invoice drafted =
        service
            .clerk()
            .draftInvoiceFromUnbilledCharges(
                DraftInvoiceFromUnbilledChargesRequest.newBuilder()
                    .setRequestId(requestId())
                    .setCustomerId(customer)
                    .setCurrencyCode("EUR")
                    .setOccurBefore(Requests.timestamp(firstOfMarch))
                    .build())
            .getInvoice();

    assertThat(drafted.getLinesList())
        .extracting(InvoiceLine::getChargeId)
        .containsExactly(february.getChargeId());
    assertThat(unbilled(customer))
        .extracting(UnbilledCharge::getChargeId)
        .containsExactly(march.getChargeId());
  }

  @Test
  void unbilled_charges_list_by_kind_with_page_tokens_bound_to_it() {
    String customer = anyCustomer();
    Instant monday = Instant.parse("2026-03-02T09:00:00Z");
    UnbilledCharge minutes =
        service.clerk().recordUnbilledCharge(charge(customer, eur(1, 0), monday)).getCharge();
    RecordUnbilledChargeRequest visit = charge(customer, eur(80, 0), monday);
    UnbilledCharge other =
        service
            .clerk()
            .recordUnbilledCharge(
                visit.toBuilder()
                    .setCharge(
                        visit.getCharge().toBuilder()
                            .setKind(ChargeKind.CHARGE_KIND_OTHER)
                            .setDescription("Site visit")
                            .setQuantityMilli(1_000)
                            .setUnit("visit"))
                    .build())
            .getCharge();
    service.clerk().recordUnbilledCharge(charge(customer, eur(1, 0), monday.plusSeconds(1)));
    String token =
        service
            .clerk()
            .listUnbilledCharges(
                ListUnbilledChargesRequest.newBuilder()
                    .setCustomerId(customer)
                    .setPageSize(1)
                    .build())
            .getNextPageToken();

    var visitsOnly =
        service
            .clerk()
            .listUnbilledCharges(
                ListUnbilledChargesRequest.newBuilder()
                    .setCustomerId(customer)
                    .setKind(ChargeKind.CHARGE_KIND_OTHER)
                    .build());
    var crossed =
        refused(
            () ->
                service
                    .clerk()
                    .listUnbilledCharges(
                        ListUnbilledChargesRequest.newBuilder()
                            .setCustomerId(customer)
                            .setKind(ChargeKind.CHARGE_KIND_SUPPORT_MINUTES)
                            .setPageSize(1)
                            .setPageToken(token)
                            .build()));

    assertThat(visitsOnly.getChargesList())
        .extracting(UnbilledCharge::getChargeId)
        .containsExactly(other.getChargeId());
    assertThat(visitsOnly.getCharges(0).getUnit()).isEqualTo("visit");
    assertThat(minutes.getUnit()).isEqualTo("minute");
    assertThat(ErrorDetails.reason(crossed)).isEqualTo("INVALID_PAGE_TOKEN");
  }

  // ---- GetCustomerBalance ---------------------------------------------------------------------

  @Test
  void the_balance_is_outstanding_and_overdue_per_currency() {
    String customer = anyCustomer();
    issue(create(customer, eur(100, 0)));
    Invoice dueNow =
        issue(
            service
                .clerk()
                .createInvoice(draftDueAtIssue(customer, lineOf(eur(50, 0))))
                .getInvoice());
    service.clerk().recordPayment(payment(dueNow.getInvoiceId(), eur(20, 0), ref()));
    Invoice inDollars =
        issue(
            service
                .clerk()
                .createInvoice(draft(customer, "USD", lineOf(money("USD", 7, 0))))
                .getInvoice());
    create(customer, eur(999, 0));

    var balance =
        service
            .clerk()
            .getCustomerBalance(
                GetCustomerBalanceRequest.newBuilder().setCustomerId(customer).build())
            .getCustomerBalance();
    var nobody =
        service
            .clerk()
            .getCustomerBalance(
                GetCustomerBalanceRequest.newBuilder().setCustomerId(anyCustomer()).build())
            .getCustomerBalance();

    assertThat(balance.getCustomerId()).isEqualTo(customer);
    assertThat(balance.getCurrencyBalancesList())
        .containsExactly(
            CurrencyBalance.newBuilder()
                .setCurrencyCode("EUR")
                .setOutstanding(eur(130, 0))
                .setOverdue(eur(30, 0))
                .setOpenInvoiceCount(2)
                .setOverdueInvoiceCount(1)
                .setOldestDueTime(dueNow.getDueTime())
                .build(),
            CurrencyBalance.newBuilder()
                .setCurrencyCode("USD")
                .setOutstanding(money("USD", 7, 0))
                .setOverdue(money("USD", 0, 0))
                .setOpenInvoiceCount(1)
                .setOverdueInvoiceCount(0)
                .setOldestDueTime(inDollars.getDueTime())
                .build());
    assertThat(nobody.getCurrencyBalancesList()).isEmpty();
  }

  @Test
  void invoices_at_the_largest_amount_add_up_in_the_balance_and_a_larger_one_is_refused() {
    String customer = anyCustomer();
    Money largest = eur(10_000_000, 0);
    for (int i = 0; i < 3; i++) {
      issue(create(customer, largest));
    }
    var tooLarge = refused(() -> create(customer, money("EUR", 10_000_000, 10_000_000)));
    Invoice draft = create(customer, largest);
    var overTotal =
        refused(
            () ->
                service
                    .clerk()
                    .addInvoiceLine(
                        AddInvoiceLineRequest.newBuilder()
                            .setRequestId(requestId())
                            .setInvoiceId(draft.getInvoiceId())
                            .setLine(lineOf(eur(0, 1)))
                            .build()));

    var balance =
        service
            .clerk()
            .getCustomerBalance(
                GetCustomerBalanceRequest.newBuilder().setCustomerId(customer).build())
            .getCustomerBalance();

    assertThat(balance.getCurrencyBalances(0).getOutstanding()).isEqualTo(eur(30_000_000, 0));
    assertThat(ErrorDetails.code(tooLarge)).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(ErrorDetails.reason(tooLarge)).isEqualTo("AMOUNT_OUT_OF_RANGE");
    assertThat(ErrorDetails.fieldViolationPaths(tooLarge))
        .containsExactly("invoice.lines[0].unit_price");
    assertThat(ErrorDetails.code(overTotal)).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(ErrorDetails.reason(overTotal)).isEqualTo("INVOICE_TOTAL_TOO_LARGE");
  }

  // ---- customer payment terms -----------------------------------------------------------------

  @Test
  void agreed_payment_terms_are_read_back_and_given_to_invoices_issued_afterwards() {
    String customer = anyCustomer();
    var before =
        service
            .clerk()
            .getCustomerPaymentTerms(
                GetCustomerPaymentTermsRequest.newBuilder().setCustomerId(customer).build())
            .getCustomerPaymentTerms();

    var agreed =
        service
            .clerk()
            .setCustomerPaymentTerms(
                SetCustomerPaymentTermsRequest.newBuilder()
                    .setCustomerPaymentTerms(
                        CustomerPaymentTerms.newBuilder()
                            .setCustomerId(customer)
                            .setPaymentTermsDays(14))
                    .build())
            .getCustomerPaymentTerms();
    Invoice issued = issue(create(customer, eur(10, 0)));

    assertThat(before.getAgreed()).isFalse();
    assertThat(before.getPaymentTermsDays()).as("the service default").isEqualTo(30);
    assertThat(before.getEtag()).isEmpty();
    assertThat(agreed.getAgreed()).isTrue();
    assertThat(agreed.getPaymentTermsDays()).isEqualTo(14);
    assertThat(agreed.getEtag()).isNotEmpty();
    assertThat(agreed.hasUpdateTime()).isTrue();
    assertThat(
            service
                .customer(customer)
                .getCustomerPaymentTerms(
                    GetCustomerPaymentTermsRequest.newBuilder().setCustomerId(customer).build())
                .getCustomerPaymentTerms())
        .isEqualTo(agreed);
    assertThat(
            Duration.ofSeconds(
                issued.getDueTime().getSeconds() - issued.getIssueTime().getSeconds()))
        .isEqualTo(Duration.ofDays(14));
  }

  @Test
  void payment_terms_set_on_a_stale_etag_are_aborted_and_change_nothing() {
    String customer = anyCustomer();
    var terms = CustomerPaymentTerms.newBuilder().setCustomerId(customer).setPaymentTermsDays(14);
    var first =
        service
            .clerk()
            .setCustomerPaymentTerms(
                SetCustomerPaymentTermsRequest.newBuilder().setCustomerPaymentTerms(terms).build())
            .getCustomerPaymentTerms();
    var second =
        service
            .admin()
            .setCustomerPaymentTerms(
                SetCustomerPaymentTermsRequest.newBuilder()
                    .setCustomerPaymentTerms(terms.setPaymentTermsDays(60).setEtag(first.getEtag()))
                    .build())
            .getCustomerPaymentTerms();

    var stale =
        refused(
            () ->
                service
                    .clerk()
                    .setCustomerPaymentTerms(
                        SetCustomerPaymentTermsRequest.newBuilder()
                            .setCustomerPaymentTerms(
                                terms.setPaymentTermsDays(7).setEtag(first.getEtag()))
                            .build()));

    assertThat(ErrorDetails.code(stale)).isEqualTo(Status.Code.ABORTED);
    assertThat(ErrorDetails.reason(stale)).isEqualTo("ETAG_MISMATCH");
    assertThat(second.getEtag()).isNotEqualTo(first.getEtag());
    assertThat(
            service
                .clerk()
                .getCustomerPaymentTerms(
                    GetCustomerPaymentTermsRequest.newBuilder().setCustomerId(customer).build())
                .getCustomerPaymentTerms())
        .isEqualTo(second);
  }

  @Test
  void payment_terms_need_their_days_within_a_year_and_a_customer_reads_only_its_own() {
    String customer = anyCustomer();

    var missing =
        refused(
            () ->
                service
                    .clerk()
                    .setCustomerPaymentTerms(
                        SetCustomerPaymentTermsRequest.newBuilder()
                            .setCustomerPaymentTerms(
                                CustomerPaymentTerms.newBuilder().setCustomerId(customer))
                            .build()));
    var tooLong =
        refused(
            () ->
                service
                    .clerk()
                    .setCustomerPaymentTerms(
                        SetCustomerPaymentTermsRequest.newBuilder()
                            .setCustomerPaymentTerms(
                                CustomerPaymentTerms.newBuilder()
                                    .setCustomerId(customer)
                                    .setPaymentTermsDays(366))
                            .build()));
    var othersTerms =
        refused(
            () ->
                service
                    .customer(anyCustomer())
                    .getCustomerPaymentTerms(
                        GetCustomerPaymentTermsRequest.newBuilder()
                            .setCustomerId(customer)
                            .build()));
    var customerSets =
        refused(
            () ->
                service
                    .customer(customer)
                    .setCustomerPaymentTerms(
                        SetCustomerPaymentTermsRequest.newBuilder()
                            .setCustomerPaymentTerms(
                                CustomerPaymentTerms.newBuilder()
                                    .setCustomerId(customer)
                                    .setPaymentTermsDays(90))
                            .build()));

    assertThat(ErrorDetails.reason(missing)).isEqualTo("VALIDATION_FAILED");
    assertThat(ErrorDetails.fieldViolationPaths(missing))
        .containsExactly("customer_payment_terms.payment_terms_days");
    assertThat(ErrorDetails.fieldViolationPaths(tooLong))
        .containsExactly("customer_payment_terms.payment_terms_days");
    assertThat(ErrorDetails.code(othersTerms)).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(ErrorDetails.reason(othersTerms)).isEqualTo("CUSTOMER_NOT_FOUND");
    assertThat(ErrorDetails.code(customerSets)).isEqualTo(Status.Code.PERMISSION_DENIED);
  }

  // ---- who may call ---------------------------------------------------------------------------

  @Test
  void callers_without_a_billing_role_are_refused_and_anonymous_ones_unauthenticated() {
    Invoice draft = create(anyCustomer(), eur(1, 0));
    var agent = service.as(service.environment.tokens().staff(Role.SUPPORT_AGENT));
    var device = service.as(service.environment.tokens().device("d-17"));
    var otherContext = service.as(service.environment.tokens().service("customer-support"));

    for (var stub : List.of(agent, device, otherContext)) {
      var error = refused(() -> stub.getInvoice(get(draft)));
      assertThat(ErrorDetails.code(error)).isEqualTo(Status.Code.PERMISSION_DENIED);
    }
    var customerWrite =
        refused(
            () ->
                service
                    .customer(draft.getCustomerId())
                    .issueInvoice(
                        IssueInvoiceRequest.newBuilder()
                            .setInvoiceId(draft.getInvoiceId())
                            .build()));
    assertThat(ErrorDetails.code(customerWrite)).isEqualTo(Status.Code.PERMISSION_DENIED);
    var anonymous =
        refused(
            () ->
                dev.fieldops.invoicing.v1.InvoicingServiceGrpc.newBlockingStub(service.channel)
                    .getInvoice(get(draft)));
    assertThat(Status.fromThrowable(anonymous).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(
            service
                .customer(draft.getCustomerId())
                .getInvoice(get(draft))
                .getInvoice()
                .getInvoiceId())
        .isEqualTo(draft.getInvoiceId());
  }

  @Test
  void what_is_stored_matches_what_was_answered() {
    Invoice issued = issue(create(anyCustomer(), eur(12, 34)));

    var row =
        service
            .database()
            .fetchOne(
                "select number_year, number_sequence, total_minor, status from invoice where invoice_id = ?::uuid",
                issued.getInvoiceId());

    assertThat(row).isNotNull();
    assertThat(row.get("total_minor", Long.class)).isEqualTo(1234L);
    assertThat(row.get("status", String.class)).isEqualTo("ISSUED");
    assertThat(
            String.format(
                "INV-%04d-%06d",
                row.get("number_year", Integer.class), row.get("number_sequence", Long.class)))
        .isEqualTo(issued.getInvoiceNumber());
    assertThat(
            service
                .database()
                .fetchCount(
                    DSL.table("invoice_tax"),
                    DSL.field("invoice_id").eq(DSL.val(UUID.fromString(issued.getInvoiceId())))))
        .isEqualTo(1);
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static Invoice create(String customer, Money price) {
    return service
        .clerk()
        .createInvoice(draft(customer, price.getCurrencyCode(), lineOf(price)))
        .getInvoice();
  }

  private static Invoice issue(Invoice draft) {
    return service
        .clerk()
        .issueInvoice(IssueInvoiceRequest.newBuilder().setInvoiceId(draft.getInvoiceId()).build())
        .getInvoice();
  }

  private static GetInvoiceRequest get(Invoice invoice) {
    return GetInvoiceRequest.newBuilder().setInvoiceId(invoice.getInvoiceId()).build();
  }

  private static ListInvoicesResponse list(ListInvoicesRequest.Builder request) {
    return service.clerk().listInvoices(request.build());
  }

  private static List<String> ids(ListInvoicesResponse page) {
    return page.getInvoicesList().stream().map(Invoice::getInvoiceId).toList();
  }

  private static List<UnbilledCharge> unbilled(String customer) {
    return service
        .clerk()
        .listUnbilledCharges(
            ListUnbilledChargesRequest.newBuilder().setCustomerId(customer).build())
        .getChargesList();
  }

  private static Invoice draftFromCharges(String customer) {
    return service
        .clerk()
        .draftInvoiceFromUnbilledCharges(
            DraftInvoiceFromUnbilledChargesRequest.newBuilder()
                .setRequestId(requestId())
                .setCustomerId(customer)
                .setCurrencyCode("EUR")
                .build())
        .getInvoice();
  }

  private static Invoice draftChosen(String customer, List<String> chargeIds, Instant cutOff) {
    var request =
        DraftInvoiceFromUnbilledChargesRequest.newBuilder()
            .setRequestId(requestId())
            .setCustomerId(customer)
            .setCurrencyCode("EUR")
            .addAllChargeIds(chargeIds);
    if (cutOff != null) {
      request.setOccurBefore(Requests.timestamp(cutOff));
    }
    return service.clerk().draftInvoiceFromUnbilledCharges(request.build()).getInvoice();
  }

  /**
   * The invoices of {@code customer} that are not void and have a line billing {@code chargeId}.
   */
  private static List<String> nonVoidInvoicesBilling(String customer, String chargeId) {
    return list(ListInvoicesRequest.newBuilder().setCustomerId(customer)).getInvoicesList().stream()
        .filter(invoice -> invoice.getStatus() != InvoiceStatus.INVOICE_STATUS_VOID)
        .filter(
            invoice ->
                invoice.getLinesList().stream()
                    .anyMatch(line -> line.getChargeId().equals(chargeId)))
        .map(Invoice::getInvoiceId)
        .toList();
  }

  private static long sequence(Invoice invoice) {
    return Long.parseLong(invoice.getInvoiceNumber().substring("INV-2026-".length()));
  }

  private static String ref() {
    return "bank-" + UUID.randomUUID();
  }

  private static StatusRuntimeException refused(ThrowingCallable call) {
    return assertThatExceptionOfType(StatusRuntimeException.class)
        .as("the call should have been refused")
        .isThrownBy(call)
        .actual();
  }
}
