package dev.fieldops.invoicing.component;

import static dev.fieldops.invoicing.component.Requests.anyCustomer;
import static dev.fieldops.invoicing.component.Requests.charge;
import static dev.fieldops.invoicing.component.Requests.draft;
import static dev.fieldops.invoicing.component.Requests.eur;
import static dev.fieldops.invoicing.component.Requests.lineOf;
import static dev.fieldops.invoicing.component.Requests.payment;
import static dev.fieldops.invoicing.component.Requests.requestId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.google.protobuf.Message;
import dev.fieldops.invoicing.v1.AddInvoiceLineRequest;
import dev.fieldops.invoicing.v1.CustomerPaymentTerms;
import dev.fieldops.invoicing.v1.DraftInvoiceFromUnbilledChargesRequest;
import dev.fieldops.invoicing.v1.GetCustomerBalanceRequest;
import dev.fieldops.invoicing.v1.GetCustomerPaymentTermsRequest;
import dev.fieldops.invoicing.v1.GetInvoiceRequest;
import dev.fieldops.invoicing.v1.Invoice;
import dev.fieldops.invoicing.v1.InvoicingServiceGrpc;
import dev.fieldops.invoicing.v1.InvoicingServiceGrpc.InvoicingServiceBlockingStub;
import dev.fieldops.invoicing.v1.IssueInvoiceRequest;
import dev.fieldops.invoicing.v1.ListInvoicePaymentsRequest;
import dev.fieldops.invoicing.v1.ListInvoicesRequest;
import dev.fieldops.invoicing.v1.ListUnbilledChargesRequest;
import dev.fieldops.invoicing.v1.RemoveInvoiceLineRequest;
import dev.fieldops.invoicing.v1.SetCustomerPaymentTermsRequest;
import dev.fieldops.invoicing.v1.VoidInvoiceRequest;
import dev.fieldops.test.grpc.ErrorDetails;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Object-level authorization, for every RPC of the service descriptor: a second customer's token
 * aimed at the first customer's invoices, payments, charges or balance changes nothing, emits no
 * event and learns nothing.
 *
 * <ul>
 *   <li>Reads (GetInvoice, ListInvoicePayments, GetCustomerBalance, GetCustomerPaymentTerms) answer
 *       NOT_FOUND, exactly as for an id that does not exist; lists filtered by the other customer's
 *       id (ListInvoices, ListUnbilledCharges) answer an empty page.
 *   <li>Writes answer PERMISSION_DENIED: a customer may never write in invoicing, whoever owns the
 *       object, so the method policy refuses before any lookup. The answer is the same for the
 *       other customer's object, the caller's own and an id that does not exist, so it reveals
 *       nothing — which is why NOT_FOUND is not needed there (the cases check this).
 * </ul>
 *
 * The cases are keyed by method and the test fails for any method of the descriptor without one, so
 * a new RPC cannot slip through.
 */
class ObjectLevelAuthorizationIT {

  private static RunningInvoicing service;
  private static String owner;
  private static String intruder;
  private static Invoice ownersDraft;
  private static Invoice ownersIssued;
  private static Invoice intrudersDraft;

  /** What the intruder's call must yield. */
  private enum Expect {
    NOT_FOUND,
    EMPTY_LIST,
    PERMISSION_DENIED
  }

  /** One method's attack: the call against the owner's data, and a control against nothing. */
  private record Case(
      Expect expect,
      Function<InvoicingServiceBlockingStub, Message> againstOwner,
      Function<InvoicingServiceBlockingStub, Message> againstNothing) {}

  @BeforeAll
  static void ownerHasInvoicesPaymentsAndCharges() {
    service = RunningInvoicing.start();
    owner = anyCustomer();
    intruder = anyCustomer();
    ownersDraft =
        service.clerk().createInvoice(draft(owner, "EUR", lineOf(eur(10, 0)))).getInvoice();
    Invoice toIssue =
        service.clerk().createInvoice(draft(owner, "EUR", lineOf(eur(100, 0)))).getInvoice();
    ownersIssued =
        service
            .clerk()
            .issueInvoice(
                IssueInvoiceRequest.newBuilder().setInvoiceId(toIssue.getInvoiceId()).build())
            .getInvoice();
    service
        .clerk()
        .recordPayment(
            payment(ownersIssued.getInvoiceId(), eur(10, 0), "bank-" + UUID.randomUUID()));
    service
        .clerk()
        .recordUnbilledCharge(charge(owner, eur(1, 0), Instant.parse("2026-03-02T09:00:00Z")));
    intrudersDraft =
        service.clerk().createInvoice(draft(intruder, "EUR", lineOf(eur(1, 0)))).getInvoice();
    service
        .clerk()
        .setCustomerPaymentTerms(
            SetCustomerPaymentTermsRequest.newBuilder()
                .setCustomerPaymentTerms(
                    CustomerPaymentTerms.newBuilder().setCustomerId(owner).setPaymentTermsDays(21))
                .build());
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  private static Map<String, Case> cases() {
    String nowhere = UUID.randomUUID().toString();
    String nobody = anyCustomer();
    Map<String, Case> cases = new LinkedHashMap<>();
    put(
        cases,
        InvoicingServiceGrpc.getGetInvoiceMethod(),
        new Case(
            Expect.NOT_FOUND,
            stub ->
                stub.getInvoice(
                    GetInvoiceRequest.newBuilder()
                        .setInvoiceId(ownersIssued.getInvoiceId())
                        .build()),
            stub -> stub.getInvoice(GetInvoiceRequest.newBuilder().setInvoiceId(nowhere).build())));
    put(
        cases,
        InvoicingServiceGrpc.getListInvoicePaymentsMethod(),
        new Case(
            Expect.NOT_FOUND,
            stub ->
                stub.listInvoicePayments(
                    ListInvoicePaymentsRequest.newBuilder()
                        .setInvoiceId(ownersIssued.getInvoiceId())
                        .build()),
            stub ->
                stub.listInvoicePayments(
                    ListInvoicePaymentsRequest.newBuilder().setInvoiceId(nowhere).build())));
    put(
        cases,
        InvoicingServiceGrpc.getGetCustomerBalanceMethod(),
        new Case(
            Expect.NOT_FOUND,
            stub ->
                stub.getCustomerBalance(
                    GetCustomerBalanceRequest.newBuilder().setCustomerId(owner).build()),
            stub ->
                stub.getCustomerBalance(
                    GetCustomerBalanceRequest.newBuilder().setCustomerId(nobody).build())));
    put(
        cases,
        InvoicingServiceGrpc.getGetCustomerPaymentTermsMethod(),
        new Case(
            Expect.NOT_FOUND,
            stub ->
                stub.getCustomerPaymentTerms(
                    GetCustomerPaymentTermsRequest.newBuilder().setCustomerId(owner).build()),
            stub ->
                stub.getCustomerPaymentTerms(
                    GetCustomerPaymentTermsRequest.newBuilder().setCustomerId(nobody).build())));
    put(
        cases,
        InvoicingServiceGrpc.getListInvoicesMethod(),
        new Case(
            Expect.EMPTY_LIST,
            stub ->
                stub.listInvoices(ListInvoicesRequest.newBuilder().setCustomerId(owner).build()),
            stub ->
                stub.listInvoices(ListInvoicesRequest.newBuilder().setCustomerId(nobody).build())));
    put(
        cases,
        InvoicingServiceGrpc.getListUnbilledChargesMethod(),
        new Case(
            Expect.EMPTY_LIST,
            stub ->
                stub.listUnbilledCharges(
                    ListUnbilledChargesRequest.newBuilder().setCustomerId(owner).build()),
            stub ->
                stub.listUnbilledCharges(
                    ListUnbilledChargesRequest.newBuilder().setCustomerId(nobody).build())));
    put(
        cases,
        InvoicingServiceGrpc.getCreateInvoiceMethod(),
        new Case(
            Expect.PERMISSION_DENIED,
            stub -> stub.createInvoice(draft(owner, "EUR", lineOf(eur(1, 0)))),
            stub -> stub.createInvoice(draft(intruder, "EUR", lineOf(eur(1, 0))))));
    put(
        cases,
        InvoicingServiceGrpc.getAddInvoiceLineMethod(),
        new Case(
            Expect.PERMISSION_DENIED,
            stub ->
                stub.addInvoiceLine(
                    AddInvoiceLineRequest.newBuilder()
                        .setRequestId(requestId())
                        .setInvoiceId(ownersDraft.getInvoiceId())
                        .setLine(lineOf(eur(1, 0)))
                        .build()),
            stub ->
                stub.addInvoiceLine(
                    AddInvoiceLineRequest.newBuilder()
                        .setRequestId(requestId())
                        .setInvoiceId(nowhere)
                        .setLine(lineOf(eur(1, 0)))
                        .build())));
    put(
        cases,
        InvoicingServiceGrpc.getRemoveInvoiceLineMethod(),
        new Case(
            Expect.PERMISSION_DENIED,
            stub ->
                stub.removeInvoiceLine(
                    RemoveInvoiceLineRequest.newBuilder()
                        .setInvoiceId(ownersDraft.getInvoiceId())
                        .setLineId(ownersDraft.getLines(0).getLineId())
                        .build()),
            stub ->
                stub.removeInvoiceLine(
                    RemoveInvoiceLineRequest.newBuilder()
                        .setInvoiceId(intrudersDraft.getInvoiceId())
                        .setLineId(intrudersDraft.getLines(0).getLineId())
                        .build())));
    put(
        cases,
        InvoicingServiceGrpc.getIssueInvoiceMethod(),
        new Case(
            Expect.PERMISSION_DENIED,
            stub ->
                stub.issueInvoice(
                    IssueInvoiceRequest.newBuilder()
                        .setInvoiceId(ownersDraft.getInvoiceId())
                        .build()),
            stub ->
                stub.issueInvoice(IssueInvoiceRequest.newBuilder().setInvoiceId(nowhere).build())));
    put(
        cases,
        InvoicingServiceGrpc.getRecordPaymentMethod(),
        new Case(
            Expect.PERMISSION_DENIED,
            stub ->
                stub.recordPayment(
                    payment(ownersIssued.getInvoiceId(), eur(1, 0), "bank-" + UUID.randomUUID())),
            stub -> stub.recordPayment(payment(nowhere, eur(1, 0), "bank-" + UUID.randomUUID()))));
    put(
        cases,
        InvoicingServiceGrpc.getVoidInvoiceMethod(),
        new Case(
            Expect.PERMISSION_DENIED,
            stub ->
                stub.voidInvoice(
                    VoidInvoiceRequest.newBuilder()
                        .setInvoiceId(ownersIssued.getInvoiceId())
                        .setReason("not mine")
                        .build()),
            stub ->
                stub.voidInvoice(
                    VoidInvoiceRequest.newBuilder().setInvoiceId(nowhere).setReason("x").build())));
    put(
        cases,
        InvoicingServiceGrpc.getRecordUnbilledChargeMethod(),
        new Case(
            Expect.PERMISSION_DENIED,
            stub ->
                stub.recordUnbilledCharge(
                    charge(owner, eur(1, 0), Instant.parse("2026-03-02T09:00:00Z"))),
            stub ->
                stub.recordUnbilledCharge(
                    charge(intruder, eur(1, 0), Instant.parse("2026-03-02T09:00:00Z")))));
    put(
        cases,
        InvoicingServiceGrpc.getDraftInvoiceFromUnbilledChargesMethod(),
        new Case(
            Expect.PERMISSION_DENIED,
            stub ->
                stub.draftInvoiceFromUnbilledCharges(
                    DraftInvoiceFromUnbilledChargesRequest.newBuilder()
                        .setRequestId(requestId())
                        .setCustomerId(owner)
                        .setCurrencyCode("EUR")
                        .build()),
            stub ->
                stub.draftInvoiceFromUnbilledCharges(
                    DraftInvoiceFromUnbilledChargesRequest.newBuilder()
                        .setRequestId(requestId())
                        .setCustomerId(nobody)
                        .setCurrencyCode("EUR")
                        .build())));
    put(
        cases,
        InvoicingServiceGrpc.getSetCustomerPaymentTermsMethod(),
        new Case(
            Expect.PERMISSION_DENIED,
            stub ->
                stub.setCustomerPaymentTerms(
                    SetCustomerPaymentTermsRequest.newBuilder()
                        .setCustomerPaymentTerms(
                            CustomerPaymentTerms.newBuilder()
                                .setCustomerId(owner)
                                .setPaymentTermsDays(90))
                        .build()),
            stub ->
                stub.setCustomerPaymentTerms(
                    SetCustomerPaymentTermsRequest.newBuilder()
                        .setCustomerPaymentTerms(
                            CustomerPaymentTerms.newBuilder()
                                .setCustomerId(intruder)
                                .setPaymentTermsDays(90))
                        .build())));
    return cases;
  }

  private static void put(Map<String, Case> cases, MethodDescriptor<?, ?> method, Case attack) {
    cases.put(method.getFullMethodName(), attack);
  }

  @TestFactory
  Stream<DynamicTest> another_customers_token_changes_nothing_emits_nothing_and_learns_nothing() {
    Map<String, Case> cases = cases();
    return InvoicingServiceGrpc.getServiceDescriptor().getMethods().stream()
        .map(
            method ->
                DynamicTest.dynamicTest(
                    method.getBareMethodName(),
                    () -> {
                      Case attack = cases.get(method.getFullMethodName());
                      assertThat(attack)
                          .as("an object-level case for %s", method.getFullMethodName())
                          .isNotNull();
                      check(attack);
                    }));
  }

  @Test
  void every_method_of_the_service_has_a_case_and_no_case_names_a_method_it_lacks() {
    List<String> served =
        InvoicingServiceGrpc.getServiceDescriptor().getMethods().stream()
            .map(MethodDescriptor::getFullMethodName)
            .toList();

    assertThat(cases().keySet()).containsExactlyInAnyOrderElementsOf(served);
  }

  @Test
  void the_owner_itself_does_see_its_invoice_payments_and_balance() {
    var stub = service.customer(owner);

    assertThat(
            stub.getInvoice(
                    GetInvoiceRequest.newBuilder()
                        .setInvoiceId(ownersIssued.getInvoiceId())
                        .build())
                .getInvoice()
                .getInvoiceId())
        .isEqualTo(ownersIssued.getInvoiceId());
    assertThat(
            stub.listInvoicePayments(
                    ListInvoicePaymentsRequest.newBuilder()
                        .setInvoiceId(ownersIssued.getInvoiceId())
                        .build())
                .getPaymentsList())
        .hasSize(1);
    assertThat(stub.listInvoices(ListInvoicesRequest.newBuilder().build()).getInvoicesList())
        .hasSize(2);
    assertThat(
            stub.listUnbilledCharges(ListUnbilledChargesRequest.newBuilder().build())
                .getChargesList())
        .hasSize(1);
    assertThat(
            stub.getCustomerBalance(
                    GetCustomerBalanceRequest.newBuilder().setCustomerId(owner).build())
                .getCustomerBalance()
                .getCurrencyBalancesCount())
        .isEqualTo(1);
    assertThat(
            stub.getCustomerPaymentTerms(
                    GetCustomerPaymentTermsRequest.newBuilder().setCustomerId(owner).build())
                .getCustomerPaymentTerms()
                .getPaymentTermsDays())
        .isEqualTo(21);
  }

  @Test
  void a_customer_listing_without_a_filter_sees_only_its_own() {
    var invoices =
        service.customer(intruder).listInvoices(ListInvoicesRequest.newBuilder().build());
    var charges =
        service
            .customer(intruder)
            .listUnbilledCharges(ListUnbilledChargesRequest.newBuilder().build());

    assertThat(invoices.getInvoicesList())
        .extracting(Invoice::getCustomerId)
        .containsOnly(intruder);
    assertThat(charges.getChargesList()).isEmpty();
  }

  private static void check(Case attack) {
    var intruderStub = service.customer(intruder);
    Object before = ownersState();
    int eventsBefore = service.outboxEvents();

    switch (attack.expect()) {
      case NOT_FOUND -> {
        var error = refused(() -> attack.againstOwner().apply(intruderStub));
        var control = refused(() -> attack.againstNothing().apply(intruderStub));
        assertThat(ErrorDetails.code(error)).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(ErrorDetails.reason(error)).isEqualTo(ErrorDetails.reason(control));
        // Same shape as for an id that does not exist: only the caller's own input is echoed.
        assertThat(ErrorDetails.metadata(error).keySet())
            .isEqualTo(ErrorDetails.metadata(control).keySet());
      }
      case EMPTY_LIST -> {
        Message page = attack.againstOwner().apply(intruderStub);
        Message control = attack.againstNothing().apply(intruderStub);
        assertThat(page).isEqualTo(control);
        assertThat(page.toString()).doesNotContain(owner);
      }
      case PERMISSION_DENIED -> {
        var error = refused(() -> attack.againstOwner().apply(intruderStub));
        var control = refused(() -> attack.againstNothing().apply(intruderStub));
        assertThat(ErrorDetails.code(error)).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(ErrorDetails.code(control)).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(ErrorDetails.reason(error)).isEqualTo(ErrorDetails.reason(control));
      }
    }

    assertThat(ownersState()).isEqualTo(before);
    assertThat(service.outboxEvents()).isEqualTo(eventsBefore);
  }

  /** Everything of the owner's that an intruder could change, as billing staff reads it. */
  private static Object ownersState() {
    var clerk = service.clerk();
    return List.of(
        clerk.getInvoice(
            GetInvoiceRequest.newBuilder().setInvoiceId(ownersDraft.getInvoiceId()).build()),
        clerk.getInvoice(
            GetInvoiceRequest.newBuilder().setInvoiceId(ownersIssued.getInvoiceId()).build()),
        clerk.listInvoices(ListInvoicesRequest.newBuilder().setCustomerId(owner).build()),
        clerk.listInvoicePayments(
            ListInvoicePaymentsRequest.newBuilder()
                .setInvoiceId(ownersIssued.getInvoiceId())
                .build()),
        clerk.listUnbilledCharges(
            ListUnbilledChargesRequest.newBuilder().setCustomerId(owner).build()),
        clerk.getCustomerBalance(
            GetCustomerBalanceRequest.newBuilder().setCustomerId(owner).build()),
        clerk.getCustomerPaymentTerms(
            GetCustomerPaymentTermsRequest.newBuilder().setCustomerId(owner).build()));
  }

  private static StatusRuntimeException refused(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    return assertThatExceptionOfType(StatusRuntimeException.class)
        .as("the call should have been refused")
        .isThrownBy(call)
        .actual();
  }
}
