package dev.fieldops.support.adapter.nats;

import static dev.fieldops.support.adapter.nats.InboundEvents.customer;
import static dev.fieldops.support.adapter.nats.InboundEvents.instant;
import static dev.fieldops.support.adapter.nats.InboundEvents.parse;
import static dev.fieldops.support.adapter.nats.InboundEvents.requireEnvelope;

import dev.fieldops.invoicing.v1.InvoiceOverdue;
import dev.fieldops.invoicing.v1.InvoicePaid;
import dev.fieldops.invoicing.v1.InvoiceVoided;
import dev.fieldops.nats.inbox.EventDecoder;
import dev.fieldops.nats.inbox.EventEnvelope;
import dev.fieldops.nats.inbox.RejectedEventException;
import dev.fieldops.support.application.event.InvoiceFact;
import java.util.regex.Pattern;

/**
 * Invoicing's invoice events that bear on a customer's standing (overdue, paid, voided) as {@link
 * InvoiceFact}s, checked like a request. The other invoice events (issued, payment recorded, ...)
 * decode to nothing and are acknowledged without effect.
 */
final class InvoiceFactDecoder implements EventDecoder<InvoiceFact> {

  static final String OVERDUE = InvoiceOverdue.getDescriptor().getFullName();
  static final String PAID = InvoicePaid.getDescriptor().getFullName();
  static final String VOIDED = InvoiceVoided.getDescriptor().getFullName();

  private static final Pattern INVOICE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  @Override
  public InvoiceFact decode(EventEnvelope envelope) throws Exception {
    var type = envelope.type();
    if (type.equals(OVERDUE)) {
      var e = parse(envelope, InvoiceOverdue.getDefaultInstance());
      check(envelope, e.getEventId(), e.hasOccurTime(), e.getAggregateVersion(), e.getInvoiceId());
      return new InvoiceFact.Overdue(
          customer(e.getCustomerId()), e.getInvoiceId(), instant(e.getOccurTime()));
    }
    if (type.equals(PAID)) {
      var e = parse(envelope, InvoicePaid.getDefaultInstance());
      check(envelope, e.getEventId(), e.hasOccurTime(), e.getAggregateVersion(), e.getInvoiceId());
      return new InvoiceFact.Paid(
          customer(e.getCustomerId()), e.getInvoiceId(), instant(e.getOccurTime()));
    }
    if (type.equals(VOIDED)) {
      var e = parse(envelope, InvoiceVoided.getDefaultInstance());
      check(envelope, e.getEventId(), e.hasOccurTime(), e.getAggregateVersion(), e.getInvoiceId());
      return new InvoiceFact.Voided(
          customer(e.getCustomerId()), e.getInvoiceId(), instant(e.getOccurTime()));
    }
    return null;
  }

  private static void check(
      EventEnvelope envelope, String eventId, boolean hasOccurTime, long version, String invoiceId)
      throws RejectedEventException {
    requireEnvelope(envelope, eventId, hasOccurTime, version, "invoice_id", invoiceId);
    if (!INVOICE_ID.matcher(invoiceId).matches()) {
      throw new RejectedEventException(
          "invoice_id '" + InboundEvents.abbreviate(invoiceId)
              + "' is invalid: must be 1-64 characters of A-Z, a-z, 0-9, _ and -");
    }
  }
}
