package dev.fieldops.invoicing.component;

import com.google.protobuf.Timestamp;
import com.google.type.Money;
import dev.fieldops.invoicing.v1.ChargeKind;
import dev.fieldops.invoicing.v1.CreateInvoiceRequest;
import dev.fieldops.invoicing.v1.Invoice;
import dev.fieldops.invoicing.v1.InvoiceLine;
import dev.fieldops.invoicing.v1.RecordPaymentRequest;
import dev.fieldops.invoicing.v1.RecordUnbilledChargeRequest;
import dev.fieldops.invoicing.v1.UnbilledCharge;
import java.time.Instant;
import java.util.UUID;

/** Requests in the words of billing: "a draft for a customer with a line of EUR 10.00". */
final class Requests {

  private Requests() {}

  static String anyCustomer() {
    return "cust-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static String requestId() {
    return UUID.randomUUID().toString();
  }

  /** {@code money("EUR", 12, 340_000_000)} is EUR 12.34. */
  static Money money(String currency, long units, int nanos) {
    return Money.newBuilder().setCurrencyCode(currency).setUnits(units).setNanos(nanos).build();
  }

  static Money eur(long units, int cents) {
    return money("EUR", units, cents * 10_000_000);
  }

  /** {@code quantityMilli} thousandths × {@code unitPrice} at {@code taxRate} basis points. */
  static InvoiceLine line(String description, long quantityMilli, Money unitPrice, int taxRate) {
    return InvoiceLine.newBuilder()
        .setDescription(description)
        .setQuantityMilli(quantityMilli)
        .setUnitPrice(unitPrice)
        .setTaxRate(taxRate)
        .build();
  }

  static InvoiceLine lineOf(Money unitPrice) {
    return line("Site visit", 1000, unitPrice, 0);
  }

  static CreateInvoiceRequest draft(String customer, String currency, InvoiceLine... lines) {
    Invoice.Builder invoice =
        Invoice.newBuilder().setCustomerId(customer).setCurrencyCode(currency);
    for (InvoiceLine line : lines) {
      invoice.addLines(line);
    }
    return CreateInvoiceRequest.newBuilder().setRequestId(requestId()).setInvoice(invoice).build();
  }

  static CreateInvoiceRequest draftDueAtIssue(String customer, InvoiceLine... lines) {
    CreateInvoiceRequest request = draft(customer, "EUR", lines);
    return request.toBuilder()
        .setInvoice(request.getInvoice().toBuilder().setPaymentTermsDays(0))
        .build();
  }

  static RecordPaymentRequest payment(String invoiceId, Money amount, String reference) {
    return RecordPaymentRequest.newBuilder()
        .setRequestId(requestId())
        .setInvoiceId(invoiceId)
        .setAmount(amount)
        .setPaymentReference(reference)
        .build();
  }

  static RecordUnbilledChargeRequest charge(String customer, Money unitPrice, Instant occurred) {
    return RecordUnbilledChargeRequest.newBuilder()
        .setRequestId(requestId())
        .setCharge(
            UnbilledCharge.newBuilder()
                .setCustomerId(customer)
                .setKind(ChargeKind.CHARGE_KIND_SUPPORT_MINUTES)
                .setDescription("Support, 45 minutes")
                .setQuantityMilli(45_000)
                .setUnitPrice(unitPrice)
                .setSourceReference("support.ticket/" + UUID.randomUUID() + "/resolution")
                .setOccurTime(timestamp(occurred)))
        .build();
  }

  static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }
}
