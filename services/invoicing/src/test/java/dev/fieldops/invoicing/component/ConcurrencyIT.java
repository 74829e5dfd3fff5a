package dev.fieldops.invoicing.component;

import static dev.fieldops.invoicing.component.Requests.anyCustomer;
import static dev.fieldops.invoicing.component.Requests.charge;
import static dev.fieldops.invoicing.component.Requests.draft;
import static dev.fieldops.invoicing.component.Requests.eur;
import static dev.fieldops.invoicing.component.Requests.lineOf;
import static dev.fieldops.invoicing.component.Requests.requestId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.ListenableFuture;
import dev.fieldops.invoicing.v1.DraftInvoiceFromUnbilledChargesRequest;
import dev.fieldops.invoicing.v1.DraftInvoiceFromUnbilledChargesResponse;
import dev.fieldops.invoicing.v1.GetInvoiceRequest;
import dev.fieldops.invoicing.v1.Invoice;
import dev.fieldops.invoicing.v1.InvoiceLine;
import dev.fieldops.invoicing.v1.InvoiceStatus;
import dev.fieldops.invoicing.v1.InvoicingServiceGrpc;
import dev.fieldops.invoicing.v1.IssueInvoiceRequest;
import dev.fieldops.invoicing.v1.IssueInvoiceResponse;
import dev.fieldops.invoicing.v1.ListInvoicesRequest;
import dev.fieldops.invoicing.v1.VoidInvoiceRequest;
import dev.fieldops.kernel.Principal.Role;
import dev.fieldops.test.grpc.ErrorDetails;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Numbering and billing under concurrent calls over gRPC, on the real database: the two places
 * where invoicing must serialise correctly.
 */
class ConcurrencyIT {

  private static final Pattern NUMBER = Pattern.compile("INV-(\\d{4})-(\\d{6,})");

  private static RunningInvoicing service;

  @BeforeAll
  static void start() {
    // Sixty issues queue for five pooled connections and one counter row while other builds share
    // the two cores; the waits are the point of the test, so the 2 s pool and lock timeouts must
    // not cut them short.
    service =
        RunningInvoicing.start(
            Map.of(
                "DATABASE_POOL_ACQUIRE_TIMEOUT", "20s",
                "DATABASE_LOCK_TIMEOUT", "15s",
                "DATABASE_STATEMENT_TIMEOUT", "15s"));
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  @Test
  void fifty_concurrent_issues_get_fifty_consecutive_numbers_and_refused_ones_take_none()
      throws Exception {
    String customer = anyCustomer();
    List<IssueInvoiceRequest> issues = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Invoice draft =
          service.clerk().createInvoice(draft(customer, "EUR", lineOf(eur(10, 0)))).getInvoice();
      issues.add(
          IssueInvoiceRequest.newBuilder()
              .setInvoiceId(draft.getInvoiceId())
              .setEtag(draft.getEtag())
              .build());
    }
    List<IssueInvoiceRequest> refusedIssues = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Invoice empty = service.clerk().createInvoice(draft(customer, "EUR")).getInvoice();
      refusedIssues.add(
          IssueInvoiceRequest.newBuilder().setInvoiceId(empty.getInvoiceId()).build());
      Invoice stale =
          service.clerk().createInvoice(draft(customer, "EUR", lineOf(eur(1, 0)))).getInvoice();
      refusedIssues.add(
          IssueInvoiceRequest.newBuilder()
              .setInvoiceId(stale.getInvoiceId())
              .setEtag("999")
              .build());
    }
    var stub = TestStubs.future(service, service.environment.tokens().staff(Role.BILLING_CLERK));

    List<ListenableFuture<IssueInvoiceResponse>> issued = new ArrayList<>();
    List<ListenableFuture<IssueInvoiceResponse>> refused = new ArrayList<>();
    for (int i = 0; i < issues.size(); i++) {
      issued.add(stub.issueInvoice(issues.get(i)));
      if (i % 2 == 0 && i / 2 < refusedIssues.size()) {
        refused.add(stub.issueInvoice(refusedIssues.get(i / 2)));
      }
    }
    for (int i = issues.size() / 2; i < refusedIssues.size(); i++) {
      refused.add(stub.issueInvoice(refusedIssues.get(i)));
    }

    List<Long> sequences = new ArrayList<>();
    Set<Integer> years = new HashSet<>();
    for (var future : issued) {
      Matcher number =
          NUMBER.matcher(future.get(60, TimeUnit.SECONDS).getInvoice().getInvoiceNumber());
      assertThat(number.matches()).isTrue();
      years.add(Integer.parseInt(number.group(1)));
      sequences.add(Long.parseLong(number.group(2)));
    }
    for (var future : refused) {
      ExecutionException failure =
          assertThatExceptionOfType(ExecutionException.class)
              .isThrownBy(() -> future.get(60, TimeUnit.SECONDS))
              .actual();
      assertThat(ErrorDetails.code(failure.getCause()))
          .isIn(Status.Code.FAILED_PRECONDITION, Status.Code.ABORTED);
    }

    assertThat(years).hasSize(1);
    long first = sequences.stream().mapToLong(Long::longValue).min().orElseThrow();
    assertThat(sequences)
        .containsExactlyInAnyOrderElementsOf(LongStream.range(first, first + 50).boxed().toList());
    int year = years.iterator().next();
    var counter =
        service
            .database()
            .fetchOne("select last_sequence from invoice_number_counter where year = ?", year);
    var numbered =
        service
            .database()
            .fetchOne(
                "select count(*), count(distinct number_sequence), max(number_sequence) from invoice where number_year = ?",
                year);
    assertThat(counter).isNotNull();
    assertThat(numbered).isNotNull();
    long count = numbered.get(0, Long.class);
    assertThat(numbered.get(1, Long.class)).isEqualTo(count);
    assertThat(numbered.get(2, Long.class))
        .as("no gap: the highest number is the count")
        .isEqualTo(count);
    assertThat(counter.get(0, Long.class)).isEqualTo(count);
  }

  @Test
  void two_concurrent_drafts_from_the_same_charges_bill_each_charge_exactly_once()
      throws Exception {
    var stub = TestStubs.future(service, service.environment.tokens().staff(Role.BILLING_CLERK));
    for (int round = 0; round < 5; round++) {
      String customer = anyCustomer();
      Set<String> charges = new HashSet<>();
      for (int i = 0; i < 30; i++) {
        charges.add(
            service
                .clerk()
                .recordUnbilledCharge(
                    charge(
                        customer, eur(1, 0), Instant.parse("2026-03-02T09:00:00Z").plusSeconds(i)))
                .getCharge()
                .getChargeId());
      }
      var request =
          DraftInvoiceFromUnbilledChargesRequest.newBuilder()
              .setCustomerId(customer)
              .setCurrencyCode("EUR");

      List<ListenableFuture<DraftInvoiceFromUnbilledChargesResponse>> drafts =
          List.of(
              stub.draftInvoiceFromUnbilledCharges(request.setRequestId(requestId()).build()),
              stub.draftInvoiceFromUnbilledCharges(request.setRequestId(requestId()).build()));

      Map<String, String> billedBy = new HashMap<>();
      int empty = 0;
      for (var future : drafts) {
        try {
          Invoice draft = future.get(60, TimeUnit.SECONDS).getInvoice();
          for (InvoiceLine line : draft.getLinesList()) {
            assertThat(billedBy.put(line.getLineId(), draft.getInvoiceId()))
                .as("charge %s billed twice", line.getLineId())
                .isNull();
          }
        } catch (ExecutionException nothingLeft) {
          assertThat(ErrorDetails.reason(nothingLeft.getCause())).isEqualTo("NO_UNBILLED_CHARGES");
          empty++;
        }
      }
      assertThat(empty).isLessThan(2);
      assertThat(billedBy.keySet()).isEqualTo(charges);
      for (var row :
          service
              .database()
              .fetch(
                  "select charge_id::text, billed_invoice_id::text from unbilled_charge where customer_id = ?",
                  customer)) {
        assertThat(row.get(1, String.class)).isEqualTo(billedBy.get(row.get(0, String.class)));
      }
    }
  }

  @Test
  void
      charges_released_by_a_void_and_drafted_again_concurrently_are_each_on_exactly_one_issued_invoice()
          throws Exception {
    var stub = TestStubs.future(service, service.environment.tokens().staff(Role.BILLING_CLERK));
    for (int round = 0; round < 3; round++) {
      String customer = anyCustomer();
      List<String> charges = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        charges.add(
            service
                .clerk()
                .recordUnbilledCharge(
                    charge(
                        customer, eur(1, 0), Instant.parse("2026-03-02T09:00:00Z").plusSeconds(i)))
                .getCharge()
                .getChargeId());
      }
      Invoice wrong =
          service
              .clerk()
              .draftInvoiceFromUnbilledCharges(
                  DraftInvoiceFromUnbilledChargesRequest.newBuilder()
                      .setRequestId(requestId())
                      .setCustomerId(customer)
                      .setCurrencyCode("EUR")
                      .build())
              .getInvoice();
      wrong =
          service
              .clerk()
              .issueInvoice(
                  IssueInvoiceRequest.newBuilder().setInvoiceId(wrong.getInvoiceId()).build())
              .getInvoice();
      service
          .clerk()
          .voidInvoice(
              VoidInvoiceRequest.newBuilder()
                  .setInvoiceId(wrong.getInvoiceId())
                  .setReason("billed the wrong month")
                  .setReleaseCharges(true)
                  .build());
      var everyCharge =
          DraftInvoiceFromUnbilledChargesRequest.newBuilder()
              .setCustomerId(customer)
              .setCurrencyCode("EUR");

      List<ListenableFuture<DraftInvoiceFromUnbilledChargesResponse>> drafts =
          List.of(
              stub.draftInvoiceFromUnbilledCharges(everyCharge.setRequestId(requestId()).build()),
              stub.draftInvoiceFromUnbilledCharges(everyCharge.setRequestId(requestId()).build()),
              stub.draftInvoiceFromUnbilledCharges(
                  everyCharge
                      .clone()
                      .setRequestId(requestId())
                      .addAllChargeIds(charges.subList(0, 10))
                      .build()),
              stub.draftInvoiceFromUnbilledCharges(
                  everyCharge
                      .clone()
                      .setRequestId(requestId())
                      .addAllChargeIds(charges.subList(5, 15))
                      .build()));
      List<ListenableFuture<IssueInvoiceResponse>> issues = new ArrayList<>();
      for (var future : drafts) {
        try {
          String drafted = future.get(60, TimeUnit.SECONDS).getInvoice().getInvoiceId();
          issues.add(
              stub.issueInvoice(IssueInvoiceRequest.newBuilder().setInvoiceId(drafted).build()));
        } catch (ExecutionException lost) {
          assertThat(ErrorDetails.reason(lost.getCause()))
              .isIn("NO_UNBILLED_CHARGES", "CHARGE_ALREADY_BILLED");
        }
      }
      for (var issue : issues) {
        assertThat(issue.get(60, TimeUnit.SECONDS).getInvoice().getStatus())
            .isEqualTo(InvoiceStatus.INVOICE_STATUS_ISSUED);
      }
      // A draft of every charge skips charges a draft of chosen charges holds; when that one then
      // loses (CHARGE_ALREADY_BILLED) its charges are unbilled again, after the others finished.
      // They are not lost: the clerk's next draft takes them, and none may be billed twice.
      try {
        String sweep =
            service
                .clerk()
                .draftInvoiceFromUnbilledCharges(everyCharge.setRequestId(requestId()).build())
                .getInvoice()
                .getInvoiceId();
        service.clerk().issueInvoice(IssueInvoiceRequest.newBuilder().setInvoiceId(sweep).build());
      } catch (StatusRuntimeException nothingLeft) {
        assertThat(ErrorDetails.reason(nothingLeft)).isEqualTo("NO_UNBILLED_CHARGES");
      }

      List<Invoice> invoices =
          service
              .clerk()
              .listInvoices(
                  ListInvoicesRequest.newBuilder().setCustomerId(customer).setPageSize(500).build())
              .getInvoicesList();
      for (String charge : charges) {
        List<Invoice> billing =
            invoices.stream()
                .filter(
                    invoice ->
                        invoice.getLinesList().stream()
                            .anyMatch(line -> line.getChargeId().equals(charge)))
                .toList();
        assertThat(billing)
            .filteredOn(invoice -> invoice.getStatus() != InvoiceStatus.INVOICE_STATUS_VOID)
            .as("charge %s on exactly one invoice that is not void", charge)
            .singleElement()
            .satisfies(
                invoice ->
                    assertThat(invoice.getStatus()).isEqualTo(InvoiceStatus.INVOICE_STATUS_ISSUED));
        assertThat(billing).extracting(Invoice::getInvoiceId).contains(wrong.getInvoiceId());
      }
    }
  }

  @Test
  void an_issue_whose_caller_gave_up_while_it_waited_for_the_invoice_is_rolled_back()
      throws Exception {
    Invoice draft =
        service.clerk().createInvoice(draft(anyCustomer(), "EUR", lineOf(eur(10, 0)))).getInvoice();
    var database = service.environment.database();
    try (Connection other =
        DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password())) {
      // Another transaction holds the invoice's row: the issue waits for it past its deadline. The
      // deadline leaves a loaded machine time to get the call to the lock (with 1 s, a CI run once
      // saw no IssueInvoice end at all: most likely the call was past its deadline before its
      // command began), and stays under the statement timeout (5 s) the wait must not reach.
      other.setAutoCommit(false);
      try (var lock =
          other.prepareStatement("SELECT 1 FROM invoice WHERE invoice_id = ?::uuid FOR UPDATE")) {
        lock.setString(1, draft.getInvoiceId());
        lock.executeQuery().close();
      }
      assertThatExceptionOfType(StatusRuntimeException.class)
          .isThrownBy(
              () ->
                  dev.fieldops.test.grpc.TestTokens.withToken(
                          InvoicingServiceGrpc.newBlockingStub(service.channel),
                          service.environment.tokens().staff(Role.BILLING_CLERK))
                      .withDeadlineAfter(3, TimeUnit.SECONDS)
                      .issueInvoice(
                          IssueInvoiceRequest.newBuilder()
                              .setInvoiceId(draft.getInvoiceId())
                              .build()))
          .satisfies(
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
      other.rollback();
    }

    // The service's issue goes on once the row is free and must roll back: its caller is gone.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> commandsEnded("IssueInvoice", "abandoned") == 1);
    Invoice after =
        service
            .clerk()
            .getInvoice(GetInvoiceRequest.newBuilder().setInvoiceId(draft.getInvoiceId()).build())
            .getInvoice();
    assertThat(after.getStatus()).isEqualTo(InvoiceStatus.INVOICE_STATUS_DRAFT);
    assertThat(after.getInvoiceNumber()).isEmpty();
    assertThat(after.getEtag()).isEqualTo(draft.getEtag());
    assertThat(
            service
                .database()
                .fetchCount(
                    DSL.table(DSL.name("outbox_event")),
                    DSL.field(DSL.name("aggregate_id"))
                        .eq(draft.getInvoiceId())
                        .and(
                            DSL.field(DSL.name("event_type"))
                                .eq("fieldops.invoicing.v1.InvoiceIssued"))))
        .as("no InvoiceIssued event for the rolled-back issue")
        .isZero();
  }

  /** How many commands of {@code command} ended with {@code outcome} in the service. */
  private static long commandsEnded(String command, String outcome) {
    var timer =
        service
            .runtime
            .observability()
            .meterRegistry()
            .find("fieldops.command.duration")
            .tags("command", command, "outcome", outcome)
            .timer();
    return timer == null ? 0 : timer.count();
  }

  /** Future stubs, for firing many calls at once. */
  static final class TestStubs {
    private TestStubs() {}

    static InvoicingServiceGrpc.InvoicingServiceFutureStub future(
        RunningInvoicing service, String token) {
      return dev.fieldops.test.grpc.TestTokens.withToken(
              InvoicingServiceGrpc.newFutureStub(service.channel), token)
          .withDeadlineAfter(60, TimeUnit.SECONDS);
    }
  }
}
