package dev.fieldops.invoicing.adapter.nats;

import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.MONDAY_MORNING;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyCustomer;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyPaymentId;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.eur;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.lineOf;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.reference;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.invoicing.domain.charge.ChargeFixtures;
import dev.fieldops.invoicing.domain.charge.UnbilledCharge;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.invoice.Invoice;
import dev.fieldops.invoicing.domain.invoice.InvoiceFixtures;
import dev.fieldops.invoicing.v1.ChargeRecorded;
import dev.fieldops.invoicing.v1.InvoiceIssued;
import dev.fieldops.invoicing.v1.InvoicePaid;
import dev.fieldops.invoicing.v1.InvoiceVoided;
import dev.fieldops.invoicing.v1.PaymentRecorded;
import dev.fieldops.nats.outbox.OutboxEvent;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InvoicingEventMapperTest {

  private final InvoicingEventMapper mapper = new InvoicingEventMapper();

  @Test
  void an_issued_then_paid_invoice_becomes_outbox_rows_on_the_published_subjects_in_order() throws Exception {
    Invoice invoice = InvoiceFixtures.draftWithLines(anyCustomer(), lineOf(eur("100.00")));
    UUID charge = UUID.randomUUID();
    invoice.issue(InvoiceFixtures.countingSeries(), PaymentTerms.DEFAULT, MONDAY_MORNING);
    invoice.markOverdue(MONDAY_MORNING.plus(Duration.ofDays(31)));
    invoice.recordPayment(anyPaymentId(), eur("100.00"), reference("tx-1"), MONDAY_MORNING.plus(Duration.ofDays(32)));

    List<OutboxEvent> rows = mapper.invoiceEvents(invoice.pullEvents(), invoice.snapshot(), List.of(charge));

    assertThat(rows).extracting(OutboxEvent::subject).containsExactly(
        "invoicing.invoice.issued", "invoicing.invoice.overdue",
        "invoicing.invoice.payment_recorded", "invoicing.invoice.paid");
    assertThat(rows).extracting(OutboxEvent::aggregateType).containsOnly("invoice");
    assertThat(rows).extracting(OutboxEvent::aggregateId).containsOnly(invoice.id().toString());
    assertThat(rows).extracting(OutboxEvent::aggregateVersion).isSorted();
    assertThat(rows).extracting(OutboxEvent::contentType).containsOnly("application/protobuf");
    assertThat(rows.getFirst().eventType()).isEqualTo("fieldops.invoicing.v1.InvoiceIssued");
    InvoiceIssued issued = InvoiceIssued.parseFrom(rows.getFirst().payload());
    assertThat(issued.getEventId()).isEqualTo(rows.getFirst().eventId().toString());
    assertThat(issued.getInvoiceNumber()).isEqualTo(invoice.number().orElseThrow().toString());
    assertThat(issued.getChargeIdsList()).containsExactly(charge.toString());
    assertThat(issued.getLineCount()).isEqualTo(1);
    PaymentRecorded payment = PaymentRecorded.parseFrom(rows.get(2).payload());
    assertThat(payment.getPaymentReference()).isEqualTo("tx-1");
    assertThat(payment.getAmountDue().getUnits()).isZero();
    assertThat(InvoicePaid.parseFrom(rows.get(3).payload()).getWasOverdue()).isTrue();
  }

  @Test
  void a_voided_invoice_says_what_is_no_longer_owed() throws Exception {
    Invoice invoice = InvoiceFixtures.issuedInvoiceOf(anyCustomer(), eur("42.00"));
    invoice.voidInvoice("billed twice", MONDAY_MORNING);

    OutboxEvent row = mapper.invoiceEvents(invoice.pullEvents(), invoice.snapshot(), List.of()).getFirst();

    assertThat(row.subject()).isEqualTo("invoicing.invoice.voided");
    InvoiceVoided voided = InvoiceVoided.parseFrom(row.payload());
    assertThat(voided.getReason()).isEqualTo("billed twice");
    assertThat(voided.getTotal().getUnits()).isEqualTo(42);
    assertThat(voided.getChargesReleased()).isFalse();
  }

  @Test
  void a_recorded_charge_is_announced_on_the_charge_subject() throws Exception {
    UnbilledCharge charge = ChargeFixtures.recorded(ChargeFixtures.supportMinutes(anyCustomer(), 45));

    OutboxEvent row = mapper.chargeEvents(charge.pullEvents()).getFirst();

    assertThat(row.subject()).isEqualTo("invoicing.charge.recorded");
    assertThat(row.aggregateType()).isEqualTo("charge");
    assertThat(row.aggregateId()).isEqualTo(charge.id().toString());
    ChargeRecorded recorded = ChargeRecorded.parseFrom(row.payload());
    assertThat(recorded.getQuantityMilli()).isEqualTo(45_000);
    assertThat(recorded.getAmount().getUnits()).isEqualTo(67);
    assertThat(recorded.getAmount().getNanos()).isEqualTo(500_000_000);
  }
}
