package dev.fieldops.invoicing.component;

import static dev.fieldops.invoicing.component.Requests.anyCustomer;
import static dev.fieldops.invoicing.component.Requests.draft;
import static dev.fieldops.invoicing.component.Requests.draftDueAtIssue;
import static dev.fieldops.invoicing.component.Requests.eur;
import static dev.fieldops.invoicing.component.Requests.lineOf;
import static dev.fieldops.invoicing.component.Requests.payment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fieldops.invoicing.v1.GetCustomerBalanceRequest;
import dev.fieldops.invoicing.v1.GetInvoiceRequest;
import dev.fieldops.invoicing.v1.Invoice;
import dev.fieldops.invoicing.v1.IssueInvoiceRequest;
import dev.fieldops.invoicing.v1.ListInvoicesRequest;
import dev.fieldops.invoicing.v1.ListInvoicesResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ListInvoices with {@code overdue_only} over a real socket: the overdue scan runs every 200 ms
 * here, and invoices due at issue are flagged by it.
 */
class OverdueInvoicesIT {

  private static RunningInvoicing service;

  @BeforeAll
  static void start() {
    service = RunningInvoicing.start(Map.of("INVOICING_OVERDUE_SCAN_INTERVAL", "200ms"));
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  @Test
  void the_overdue_list_holds_the_invoices_overdue_now_a_page_at_a_time_and_no_longer_once_paid() {
    String customer = anyCustomer();
    List<String> overdue = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      overdue.add(
          issue(
                  service
                      .clerk()
                      .createInvoice(draftDueAtIssue(customer, lineOf(eur(10, 0))))
                      .getInvoice())
              .getInvoiceId());
    }
    Invoice paidLate =
        issue(
            service
                .clerk()
                .createInvoice(draftDueAtIssue(customer, lineOf(eur(10, 0))))
                .getInvoice());
    issue(service.clerk().createInvoice(draft(customer, "EUR", lineOf(eur(10, 0)))).getInvoice());
    service.clerk().createInvoice(draftDueAtIssue(customer, lineOf(eur(10, 0))));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                overdue.stream().allMatch(OverdueInvoicesIT::flagged)
                    && flagged(paidLate.getInvoiceId()));
    service
        .clerk()
        .recordPayment(payment(paidLate.getInvoiceId(), eur(10, 0), "bank-" + UUID.randomUUID()));

    List<String> seen = new ArrayList<>();
    ListInvoicesRequest.Builder request =
        ListInvoicesRequest.newBuilder()
            .setCustomerId(customer)
            .setOverdueOnly(true)
            .setPageSize(2);
    ListInvoicesResponse page = service.clerk().listInvoices(request.build());
    page.getInvoicesList().forEach(invoice -> seen.add(invoice.getInvoiceId()));
    int pages = 1;
    while (!page.getNextPageToken().isEmpty()) {
      page = service.clerk().listInvoices(request.setPageToken(page.getNextPageToken()).build());
      page.getInvoicesList().forEach(invoice -> seen.add(invoice.getInvoiceId()));
      pages++;
    }

    assertThat(seen)
        .as("newest first, the paid and the not-yet-due invoices left out")
        .containsExactlyElementsOf(overdue.reversed());
    assertThat(pages).isEqualTo(2);
    assertThat(
            service
                .customer(customer)
                .listInvoices(ListInvoicesRequest.newBuilder().setOverdueOnly(true).build())
                .getInvoicesList())
        .extracting(Invoice::getInvoiceId)
        .containsExactlyElementsOf(overdue.reversed());
    assertThat(
            service
                .clerk()
                .getCustomerBalance(
                    GetCustomerBalanceRequest.newBuilder().setCustomerId(customer).build())
                .getCustomerBalance()
                .getCurrencyBalances(0)
                .getOverdueInvoiceCount())
        .as("the balance counts the same invoices")
        .isEqualTo(overdue.size());
  }

  private static Invoice issue(Invoice draft) {
    return service
        .clerk()
        .issueInvoice(IssueInvoiceRequest.newBuilder().setInvoiceId(draft.getInvoiceId()).build())
        .getInvoice();
  }

  private static boolean flagged(String invoiceId) {
    return service
        .clerk()
        .getInvoice(GetInvoiceRequest.newBuilder().setInvoiceId(invoiceId).build())
        .getInvoice()
        .getOverdue();
  }
}
