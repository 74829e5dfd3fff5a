package dev.fieldops.invoicing.adapter.nats;

import static dev.fieldops.grpc.ProtoTimes.timestamp;
import static dev.fieldops.invoicing.adapter.proto.InvoicingProtos.chargeKind;
import static dev.fieldops.invoicing.adapter.proto.InvoicingProtos.money;

import com.google.protobuf.Message;
import dev.fieldops.invoicing.domain.charge.ChargeDetails;
import dev.fieldops.invoicing.domain.charge.ChargeEvent;
import dev.fieldops.invoicing.domain.event.DomainEvent;
import dev.fieldops.invoicing.domain.invoice.InvoiceEvent;
import dev.fieldops.invoicing.domain.invoice.Memo;
import dev.fieldops.invoicing.domain.money.QuantityUnit;
import dev.fieldops.invoicing.v1.ChargeRecorded;
import dev.fieldops.invoicing.v1.InvoiceIssued;
import dev.fieldops.invoicing.v1.InvoiceOverdue;
import dev.fieldops.invoicing.v1.InvoicePaid;
import dev.fieldops.invoicing.v1.InvoiceVoided;
import dev.fieldops.invoicing.v1.PaymentRecorded;
import dev.fieldops.nats.outbox.OutboxEncoder;
import dev.fieldops.nats.outbox.OutboxEvent;
import java.util.List;
import java.util.UUID;

/**
 * Translates the invoicing context's domain events into outbox rows carrying the messages of {@code
 * invoicing_events.proto}. Subjects, aggregate types and message names are the published contract;
 * the aggregate version is the event's, so the relay publishes one invoice's events in the order
 * they happened. Every field of a message comes from the event it publishes.
 */
public final class InvoicingEventMapper implements OutboxEncoder<DomainEvent> {

  public static final String INVOICE_AGGREGATE = "invoice";
  public static final String CHARGE_AGGREGATE = "charge";

  public static final String INVOICE_ISSUED = "invoicing.invoice.issued";
  public static final String PAYMENT_RECORDED = "invoicing.invoice.payment_recorded";
  public static final String INVOICE_PAID = "invoicing.invoice.paid";
  public static final String INVOICE_OVERDUE = "invoicing.invoice.overdue";
  public static final String INVOICE_VOIDED = "invoicing.invoice.voided";
  public static final String CHARGE_RECORDED = "invoicing.charge.recorded";

  @Override
  public OutboxEvent encode(DomainEvent event) {
    return switch (event) {
      case InvoiceEvent invoice -> outbox(invoice, invoiceMessage(invoice));
      case ChargeEvent charge -> outbox(charge, chargeMessage(charge));
      default -> throw new IllegalArgumentException("no message for " + event.getClass().getName());
    };
  }

  private static Message invoiceMessage(InvoiceEvent event) {
    String eventId = event.eventId().toString();
    String invoiceId = event.invoiceId().toString();
    String customerId = event.customerId().value();
    String number = event.number().toString();
    return switch (event) {
      case InvoiceEvent.InvoiceIssued issued ->
          InvoiceIssued.newBuilder()
              .setMemo(issued.memo().map(Memo::text).orElse(""))
              .setEventId(eventId)
              .setOccurTime(timestamp(issued.occurTime()))
              .setAggregateVersion(issued.aggregateVersion())
              .setCustomerId(customerId)
              .setInvoiceId(invoiceId)
              .setInvoiceNumber(number)
              .setSubtotal(money(issued.totals().subtotal()))
              .setTaxTotal(money(issued.totals().tax()))
              .setTotal(money(issued.totals().total()))
              .setDueTime(timestamp(issued.dueTime()))
              .setLineCount(issued.lineCount())
              .addAllChargeIds(sorted(issued.chargeIds()))
              .build();
      case InvoiceEvent.PaymentRecorded recorded ->
          PaymentRecorded.newBuilder()
              .setEventId(eventId)
              .setOccurTime(timestamp(recorded.occurTime()))
              .setAggregateVersion(recorded.aggregateVersion())
              .setCustomerId(customerId)
              .setInvoiceId(invoiceId)
              .setInvoiceNumber(number)
              .setPaymentId(recorded.paymentId().toString())
              .setAmount(money(recorded.amount()))
              .setPaymentReference(recorded.reference().value())
              .setReceiveTime(timestamp(recorded.receiveTime()))
              .setAmountPaid(money(recorded.amountPaid()))
              .setAmountDue(money(recorded.amountDue()))
              .build();
      case InvoiceEvent.InvoicePaid paid ->
          InvoicePaid.newBuilder()
              .setEventId(eventId)
              .setOccurTime(timestamp(paid.occurTime()))
              .setAggregateVersion(paid.aggregateVersion())
              .setCustomerId(customerId)
              .setInvoiceId(invoiceId)
              .setInvoiceNumber(number)
              .setTotal(money(paid.total()))
              .setWasOverdue(paid.paidLate())
              .setPaidTime(timestamp(paid.paidTime()))
              .build();
      case InvoiceEvent.InvoiceOverdue overdue ->
          InvoiceOverdue.newBuilder()
              .setEventId(eventId)
              .setOccurTime(timestamp(overdue.occurTime()))
              .setAggregateVersion(overdue.aggregateVersion())
              .setCustomerId(customerId)
              .setInvoiceId(invoiceId)
              .setInvoiceNumber(number)
              .setDueTime(timestamp(overdue.dueTime()))
              .setAmountDue(money(overdue.amountDue()))
              .build();
      case InvoiceEvent.InvoiceVoided voided ->
          InvoiceVoided.newBuilder()
              .setEventId(eventId)
              .setOccurTime(timestamp(voided.occurTime()))
              .setAggregateVersion(voided.aggregateVersion())
              .setCustomerId(customerId)
              .setInvoiceId(invoiceId)
              .setInvoiceNumber(number)
              .setReason(voided.reason())
              .setTotal(money(voided.total()))
              .setWasOverdue(voided.wasOverdue())
              .setChargesReleased(voided.chargesReleased())
              .addAllReleasedChargeIds(sorted(voided.releasedChargeIds()))
              .build();
    };
  }

  private static Message chargeMessage(ChargeEvent event) {
    return switch (event) {
      case ChargeEvent.ChargeRecorded recorded -> {
        ChargeDetails details = recorded.details();
        yield ChargeRecorded.newBuilder()
            .setEventId(recorded.eventId().toString())
            .setOccurTime(timestamp(recorded.occurTime()))
            .setAggregateVersion(recorded.aggregateVersion())
            .setCustomerId(details.customerId().value())
            .setChargeId(recorded.chargeId().toString())
            .setKind(chargeKind(details.kind()))
            .setDescription(details.description())
            .setQuantityMilli(details.quantity().thousandths())
            .setUnit(details.unit().map(QuantityUnit::value).orElse(""))
            .setUnitPrice(money(details.unitPrice()))
            .setAmount(money(recorded.amount()))
            .setSourceReference(details.sourceReference().value())
            .setChargeOccurTime(timestamp(details.occurTime()))
            .build();
      }
    };
  }

  /** The subject an event is published on. */
  private static String subject(DomainEvent event) {
    return switch (event) {
      case InvoiceEvent.InvoiceIssued ignored -> INVOICE_ISSUED;
      case InvoiceEvent.PaymentRecorded ignored -> PAYMENT_RECORDED;
      case InvoiceEvent.InvoicePaid ignored -> INVOICE_PAID;
      case InvoiceEvent.InvoiceOverdue ignored -> INVOICE_OVERDUE;
      case InvoiceEvent.InvoiceVoided ignored -> INVOICE_VOIDED;
      case ChargeEvent.ChargeRecorded ignored -> CHARGE_RECORDED;
      default -> throw new IllegalArgumentException("no subject for " + event.getClass().getName());
    };
  }

  private static List<String> sorted(List<UUID> ids) {
    return ids.stream().map(UUID::toString).sorted().toList();
  }

  private OutboxEvent outbox(DomainEvent event, Message message) {
    String aggregateType = event instanceof ChargeEvent ? CHARGE_AGGREGATE : INVOICE_AGGREGATE;
    return OutboxEvent.protobuf(
        event.eventId(),
        aggregateType,
        event.aggregateId().toString(),
        event.aggregateVersion(),
        subject(event),
        message.getDescriptorForType().getFullName(),
        message.toByteArray(),
        event.occurTime());
  }
}
