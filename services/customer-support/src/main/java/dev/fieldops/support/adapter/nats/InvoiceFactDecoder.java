package dev.fieldops.support.adapter.nats;

import static dev.fieldops.runtime.IncomingEvents.abbreviate;
import static dev.fieldops.runtime.IncomingEvents.instant;

import dev.fieldops.invoicing.v1.InvoiceOverdue;
import dev.fieldops.invoicing.v1.InvoicePaid;
import dev.fieldops.invoicing.v1.InvoiceVoided;
import dev.fieldops.kernel.OpaqueId;
import dev.fieldops.nats.inbox.EventDecoder;
import dev.fieldops.nats.inbox.EventEnvelope;
import dev.fieldops.nats.inbox.RejectedEventException;
import dev.fieldops.runtime.IncomingEvents;
import dev.fieldops.runtime.IncomingEvents.EnvelopeCheck;
import dev.fieldops.support.application.event.InvoiceFact;
import dev.fieldops.support.domain.customer.CustomerId;

/**
 * Invoicing's invoice events that bear on a customer's standing (overdue, paid, voided) as {@link
 * InvoiceFact}s, checked like a request. The other invoice events (issued, payment recorded, ...)
 * decode to nothing and are acknowledged without effect.
 */
final class InvoiceFactDecoder implements EventDecoder<InvoiceFact> {

  static final String OVERDUE = InvoiceOverdue.getDescriptor().getFullName();
  static final String PAID = InvoicePaid.getDescriptor().getFullName();
  static final String VOIDED = InvoiceVoided.getDescriptor().getFullName();

  /** Every invoice event carries the FieldOps envelope, the invoice as its aggregate. */
  private static final IncomingEvents EVENTS =
      IncomingEvents.checking(EnvelopeCheck.fieldOpsEnvelope("invoice_id"));

  @Override
  public InvoiceFact decode(EventEnvelope envelope) throws Exception {
    var type = envelope.type();
    if (type.equals(OVERDUE)) {
      var e = EVENTS.read(envelope, InvoiceOverdue.getDefaultInstance());
      requireInvoiceId(e.getInvoiceId());
      return new InvoiceFact.Overdue(
          customer(e.getCustomerId()), e.getInvoiceId(), instant(e.getOccurTime()));
    }
    if (type.equals(PAID)) {
      var e = EVENTS.read(envelope, InvoicePaid.getDefaultInstance());
      requireInvoiceId(e.getInvoiceId());
      return new InvoiceFact.Paid(
          customer(e.getCustomerId()), e.getInvoiceId(), instant(e.getOccurTime()));
    }
    if (type.equals(VOIDED)) {
      var e = EVENTS.read(envelope, InvoiceVoided.getDefaultInstance());
      requireInvoiceId(e.getInvoiceId());
      return new InvoiceFact.Voided(
          customer(e.getCustomerId()), e.getInvoiceId(), instant(e.getOccurTime()));
    }
    return null;
  }

  private static CustomerId customer(String customerId) throws RejectedEventException {
    return EVENTS.valid("customer_id", customerId, CustomerId::of);
  }

  private static void requireInvoiceId(String invoiceId) throws RejectedEventException {
    if (!OpaqueId.isWellFormed(invoiceId)) {
      throw new RejectedEventException(
          "invoice_id '" + abbreviate(invoiceId) + "' is invalid: " + OpaqueId.RULE);
    }
  }
}
