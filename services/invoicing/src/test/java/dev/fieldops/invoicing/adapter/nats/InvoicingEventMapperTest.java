package dev.fieldops.invoicing.adapter.nats;

import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.MONDAY_MORNING;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyCustomer;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyInvoiceId;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyLineId;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyPaymentId;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.eur;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.lineOf;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.quantity;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.reference;
import static dev.fieldops.invoicing.testing.Stamps.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.invoicing.domain.charge.ChargeFixtures;
import dev.fieldops.invoicing.domain.charge.UnbilledCharge;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.invoice.Invoice;
import dev.fieldops.invoicing.domain.invoice.InvoiceFixtures;
import dev.fieldops.invoicing.domain.invoice.Memo;
import dev.fieldops.invoicing.domain.invoice.NewInvoiceLine;
import dev.fieldops.invoicing.domain.invoice.TaxRate;
import dev.fieldops.invoicing.domain.money.QuantityUnit;
import dev.fieldops.invoicing.v1.ChargeRecorded;
import dev.fieldops.invoicing.v1.InvoiceIssued;
import dev.fieldops.invoicing.v1.InvoicePaid;
import dev.fieldops.invoicing.v1.InvoiceVoided;
import dev.fieldops.invoicing.v1.PaymentRecorded;
import dev.fieldops.nats.outbox.OutboxEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InvoicingEventMapperTest {

  private final InvoicingEventMapper mapper = new InvoicingEventMapper();

  @Test
  void an_issued_then_paid_invoice_becomes_outbox_rows_on_the_published_subjects_in_order()
      throws Exception {
    UUID charge = UUID.randomUUID();
    Invoice invoice =
        Invoice.createDraft(
            anyInvoiceId(),
            anyCustomer(),
            InvoiceFixtures.EUR,
            Optional.empty(),
            Optional.of(new Memo("PO 4711")),
            MONDAY_MORNING);
    invoice.addLine(anyLineId(), chargeLine(charge, "100.00"), "line", MONDAY_MORNING);
    invoice.issue(InvoiceFixtures.countingSeries(), PaymentTerms.DEFAULT, at(MONDAY_MORNING));
    invoice.markOverdue(at(MONDAY_MORNING.plus(Duration.ofDays(31))));
    Instant received = MONDAY_MORNING.plus(Duration.ofDays(31));
    invoice.recordPayment(
        anyPaymentId(),
        eur("100.00"),
        reference("tx-1"),
        received,
        at(MONDAY_MORNING.plus(Duration.ofDays(32))));

    List<OutboxEvent> rows = mapper.encodeAll(invoice.pullEvents());

    assertThat(rows)
        .extracting(OutboxEvent::subject)
        .containsExactly(
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
    assertThat(issued.getMemo()).isEqualTo("PO 4711");
    PaymentRecorded payment = PaymentRecorded.parseFrom(rows.get(2).payload());
    assertThat(payment.getPaymentReference()).isEqualTo("tx-1");
    assertThat(payment.getAmountDue().getUnits()).isZero();
    assertThat(payment.getReceiveTime().getSeconds()).isEqualTo(received.getEpochSecond());
    assertThat(payment.getOccurTime().getSeconds())
        .isEqualTo(MONDAY_MORNING.plus(Duration.ofDays(32)).getEpochSecond());
    InvoicePaid paid = InvoicePaid.parseFrom(rows.get(3).payload());
    assertThat(paid.getWasOverdue()).isTrue();
    assertThat(paid.getPaidTime().getSeconds()).isEqualTo(received.getEpochSecond());
  }

  @Test
  void
      money_received_before_the_due_time_is_not_paid_late_even_when_recorded_after_the_overdue_flag()
          throws Exception {
    Invoice invoice = InvoiceFixtures.issuedInvoiceOf(anyCustomer(), eur("100.00"));
    Instant due = invoice.dueTime().orElseThrow();
    invoice.markOverdue(at(due.plus(Duration.ofDays(1))));

    invoice.recordPayment(
        anyPaymentId(),
        eur("100.00"),
        reference("tx-1"),
        due.minus(Duration.ofDays(1)),
        at(due.plus(Duration.ofDays(2))));
    List<OutboxEvent> rows = mapper.encodeAll(invoice.pullEvents());

    InvoicePaid paid = InvoicePaid.parseFrom(rows.getLast().payload());
    assertThat(paid.getWasOverdue()).isFalse();
    assertThat(paid.getPaidTime().getSeconds())
        .isEqualTo(due.minus(Duration.ofDays(1)).getEpochSecond());
  }

  @Test
  void a_voided_invoice_says_what_is_no_longer_owed() throws Exception {
    Invoice invoice = InvoiceFixtures.issuedInvoiceOf(anyCustomer(), eur("42.00"));
    invoice.voidInvoice("billed twice", at(MONDAY_MORNING));

    OutboxEvent row = mapper.encodeAll(invoice.pullEvents()).getFirst();

    assertThat(row.subject()).isEqualTo("invoicing.invoice.voided");
    InvoiceVoided voided = InvoiceVoided.parseFrom(row.payload());
    assertThat(voided.getReason()).isEqualTo("billed twice");
    assertThat(voided.getTotal().getUnits()).isEqualTo(42);
    assertThat(voided.getChargesReleased()).isFalse();
    assertThat(voided.getReleasedChargeIdsList()).isEmpty();
  }

  @Test
  void a_void_that_releases_the_charges_names_them() throws Exception {
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();
    Invoice invoice =
        InvoiceFixtures.draftWithLines(
            anyCustomer(),
            chargeLine(first, "1.00"),
            lineOf(eur("5.00")),
            chargeLine(second, "2.00"));
    invoice.issue(InvoiceFixtures.countingSeries(), PaymentTerms.DEFAULT, at(MONDAY_MORNING));
    invoice.pullEvents();

    invoice.voidInvoice("billed the wrong month", true, at(MONDAY_MORNING));
    InvoiceVoided voided =
        InvoiceVoided.parseFrom(mapper.encodeAll(invoice.pullEvents()).getFirst().payload());

    assertThat(voided.getChargesReleased()).isTrue();
    assertThat(voided.getReleasedChargeIdsList())
        .containsExactlyElementsOf(
            List.of(first.toString(), second.toString()).stream().sorted().toList());
  }

  @Test
  void a_recorded_charge_is_announced_on_the_charge_subject() throws Exception {
    UnbilledCharge charge =
        ChargeFixtures.recorded(ChargeFixtures.supportMinutes(anyCustomer(), 45));

    OutboxEvent row = mapper.encodeAll(charge.pullEvents()).getFirst();

    assertThat(row.subject()).isEqualTo("invoicing.charge.recorded");
    assertThat(row.aggregateType()).isEqualTo("charge");
    assertThat(row.aggregateId()).isEqualTo(charge.id().toString());
    ChargeRecorded recorded = ChargeRecorded.parseFrom(row.payload());
    assertThat(recorded.getQuantityMilli()).isEqualTo(45_000);
    assertThat(recorded.getUnit()).isEqualTo("minute");
    assertThat(recorded.getAmount().getUnits()).isEqualTo(67);
    assertThat(recorded.getAmount().getNanos()).isEqualTo(500_000_000);
  }

  private static NewInvoiceLine chargeLine(UUID charge, String price) {
    return new NewInvoiceLine(
        "Support",
        quantity("1"),
        Optional.of(QuantityUnit.MINUTE),
        eur(price),
        TaxRate.ZERO,
        Optional.empty(),
        Optional.of(charge));
  }
}
