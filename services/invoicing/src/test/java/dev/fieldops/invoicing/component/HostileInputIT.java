package dev.fieldops.invoicing.component;

import static dev.fieldops.invoicing.component.Requests.anyCustomer;
import static dev.fieldops.invoicing.component.Requests.charge;
import static dev.fieldops.invoicing.component.Requests.draft;
import static dev.fieldops.invoicing.component.Requests.eur;
import static dev.fieldops.invoicing.component.Requests.lineOf;
import static dev.fieldops.invoicing.component.Requests.payment;
import static dev.fieldops.invoicing.component.Requests.requestId;
import static dev.fieldops.invoicing.component.Requests.timestamp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.invoicing.v1.AddInvoiceLineRequest;
import dev.fieldops.invoicing.v1.CustomerPaymentTerms;
import dev.fieldops.invoicing.v1.DraftInvoiceFromUnbilledChargesRequest;
import dev.fieldops.invoicing.v1.GetCustomerBalanceRequest;
import dev.fieldops.invoicing.v1.GetCustomerPaymentTermsRequest;
import dev.fieldops.invoicing.v1.GetInvoiceRequest;
import dev.fieldops.invoicing.v1.Invoice;
import dev.fieldops.invoicing.v1.InvoicingServiceGrpc;
import dev.fieldops.invoicing.v1.IssueInvoiceRequest;
import dev.fieldops.invoicing.v1.ListInvoicePaymentsRequest;
import dev.fieldops.invoicing.v1.ListInvoicesRequest;
import dev.fieldops.invoicing.v1.ListUnbilledChargesRequest;
import dev.fieldops.invoicing.v1.RemoveInvoiceLineRequest;
import dev.fieldops.invoicing.v1.SetCustomerPaymentTermsRequest;
import dev.fieldops.invoicing.v1.UnbilledCharge;
import dev.fieldops.invoicing.v1.VoidInvoiceRequest;
import dev.fieldops.test.grpc.HostileRequests;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile variants of every RPC's request (malformed bytes, invalid UTF-8, deep nesting, extreme
 * numbers and timestamps, long emoji strings, malformed ids, etags and page tokens, unknown enum
 * values, empty and oversized lists), sent over a socket to the running service: never INTERNAL or
 * UNKNOWN, and every refusal carries an ErrorInfo reason. The seeds carry no etag (unconditional),
 * so that a variant accepted early does not make the later ones stale; the etag fields get their
 * hostile values like every other field.
 */
class HostileInputIT {

  private static RunningInvoicing service;
  private static String customer;
  private static Invoice draft;
  private static Invoice issued;
  private static Invoice toVoid;
  private static UnbilledCharge unbilled;

  @BeforeAll
  static void aCustomerWithInvoicesPaymentsAndCharges() {
    service = RunningInvoicing.start();
    customer = anyCustomer();
    draft = service.clerk().createInvoice(draft(customer, "EUR", lineOf(eur(10, 0)))).getInvoice();
    issued =
        issue(
            service
                .clerk()
                .createInvoice(draft(customer, "EUR", lineOf(eur(100, 0))))
                .getInvoice());
    toVoid =
        issue(
            service.clerk().createInvoice(draft(customer, "EUR", lineOf(eur(5, 0)))).getInvoice());
    unbilled =
        service
            .clerk()
            .recordUnbilledCharge(
                charge(customer, eur(1, 50), Instant.parse("2026-03-02T09:00:00Z")))
            .getCharge();
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  @Test
  void no_hostile_request_gets_internal_or_unknown_and_every_refusal_has_a_reason() {
    HostileRequests.Report report =
        HostileRequests.of(InvoicingServiceGrpc.getServiceDescriptor())
            .seed(
                InvoicingServiceGrpc.getCreateInvoiceMethod(),
                draft(customer, "EUR", lineOf(eur(10, 0))))
            .seed(
                InvoicingServiceGrpc.getGetInvoiceMethod(),
                GetInvoiceRequest.newBuilder().setInvoiceId(draft.getInvoiceId()).build())
            .seed(
                InvoicingServiceGrpc.getListInvoicesMethod(),
                ListInvoicesRequest.newBuilder()
                    .setCustomerId(customer)
                    .setPageSize(10)
                    .setIssueStartTime(timestamp(Instant.parse("2026-01-01T00:00:00Z")))
                    .setIssueEndTime(timestamp(Instant.parse("2027-01-01T00:00:00Z")))
                    .build())
            .seed(
                InvoicingServiceGrpc.getAddInvoiceLineMethod(),
                AddInvoiceLineRequest.newBuilder()
                    .setRequestId(requestId())
                    .setInvoiceId(draft.getInvoiceId())
                    .setLine(lineOf(eur(2, 50)))
                    .build())
            .seed(
                InvoicingServiceGrpc.getRemoveInvoiceLineMethod(),
                RemoveInvoiceLineRequest.newBuilder()
                    .setInvoiceId(draft.getInvoiceId())
                    .setLineId(draft.getLines(0).getLineId())
                    .build())
            .seed(
                InvoicingServiceGrpc.getIssueInvoiceMethod(),
                IssueInvoiceRequest.newBuilder().setInvoiceId(draft.getInvoiceId()).build())
            .seed(
                InvoicingServiceGrpc.getRecordPaymentMethod(),
                payment(issued.getInvoiceId(), eur(1, 0), "bank-ref-1"))
            .seed(
                InvoicingServiceGrpc.getListInvoicePaymentsMethod(),
                ListInvoicePaymentsRequest.newBuilder().setInvoiceId(issued.getInvoiceId()).build())
            .seed(
                InvoicingServiceGrpc.getVoidInvoiceMethod(),
                VoidInvoiceRequest.newBuilder()
                    .setInvoiceId(toVoid.getInvoiceId())
                    .setReason("issued twice")
                    .build())
            .seed(
                InvoicingServiceGrpc.getRecordUnbilledChargeMethod(),
                charge(customer, eur(3, 0), Instant.parse("2026-03-03T09:00:00Z")))
            .seed(
                InvoicingServiceGrpc.getListUnbilledChargesMethod(),
                ListUnbilledChargesRequest.newBuilder()
                    .setCustomerId(customer)
                    .setCurrencyCode("EUR")
                    .build())
            .seed(
                InvoicingServiceGrpc.getDraftInvoiceFromUnbilledChargesMethod(),
                DraftInvoiceFromUnbilledChargesRequest.newBuilder()
                    .setRequestId(requestId())
                    .setCustomerId(customer)
                    .setCurrencyCode("EUR")
                    .addChargeIds(unbilled.getChargeId())
                    .setOccurBefore(timestamp(Instant.parse("2026-04-01T00:00:00Z")))
                    .build())
            .seed(
                InvoicingServiceGrpc.getGetCustomerBalanceMethod(),
                GetCustomerBalanceRequest.newBuilder().setCustomerId(customer).build())
            .seed(
                InvoicingServiceGrpc.getSetCustomerPaymentTermsMethod(),
                SetCustomerPaymentTermsRequest.newBuilder()
                    .setCustomerPaymentTerms(
                        CustomerPaymentTerms.newBuilder()
                            .setCustomerId(customer)
                            .setPaymentTermsDays(14))
                    .build())
            .seed(
                InvoicingServiceGrpc.getGetCustomerPaymentTermsMethod(),
                GetCustomerPaymentTermsRequest.newBuilder().setCustomerId(customer).build())
            .run(service.channel, method -> service.environment.tokens().admin());

    assertThat(report.problems()).as(report.summary()).isEmpty();
    assertThat(report.calls()).isGreaterThan(1_000);
  }

  private static Invoice issue(Invoice draft) {
    return service
        .clerk()
        .issueInvoice(IssueInvoiceRequest.newBuilder().setInvoiceId(draft.getInvoiceId()).build())
        .getInvoice();
  }
}
