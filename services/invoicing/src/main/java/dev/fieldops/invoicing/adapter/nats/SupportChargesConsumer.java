package dev.fieldops.invoicing.adapter.nats;

import dev.fieldops.invoicing.application.command.ChargeTicketResolution;
import dev.fieldops.invoicing.application.command.RecordUnbilledChargeHandler;
import dev.fieldops.invoicing.domain.charge.SupportTier;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.kernel.DomainException;
import dev.fieldops.kernel.Principal;
import dev.fieldops.nats.inbox.AggregateOrder;
import dev.fieldops.nats.inbox.ConsumerSpec;
import dev.fieldops.nats.inbox.DeadLetterRetention;
import dev.fieldops.nats.inbox.EventDecoder;
import dev.fieldops.nats.inbox.EventHandler;
import dev.fieldops.nats.inbox.EventSubjects;
import dev.fieldops.nats.inbox.InboundEvent;
import dev.fieldops.nats.inbox.OutOfOrderPolicy;
import dev.fieldops.nats.inbox.RejectedEventException;
import dev.fieldops.runtime.IncomingEvents;
import dev.fieldops.support.v1.TicketResolved;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code invoicing-support-charges}: customer-support's {@code TicketResolved} with billable
 * minutes becomes an unbilled support charge. Every resolution is a fact to bill once, whatever the
 * order it arrives in, so overtaken events are applied rather than parked.
 */
public final class SupportChargesConsumer implements EventHandler<TicketResolved> {

  public static final String NAME = "invoicing-support-charges";
  public static final String STREAM = "SUPPORT";
  public static final String SUBJECT = "support.ticket.resolved";

  /**
   * Other contexts' events are untrusted input like requests: read through the platform's checks,
   * every malformed field parked at once with a reason starting {@code INVALID_EVENT}. Invoicing
   * compares no payload field with the headers: it reads ids and versions from the payload alone.
   */
  private static final IncomingEvents EVENTS =
      IncomingEvents.checking(List.of()).withReasonPrefix("INVALID_EVENT: ");

  private final CommandHandler<ChargeTicketResolution, Optional<RecordUnbilledChargeHandler.Result>>
      charges;
  private final Principal principal;

  public SupportChargesConsumer(
      CommandHandler<ChargeTicketResolution, Optional<RecordUnbilledChargeHandler.Result>> charges,
      Principal principal) {
    this.charges = charges;
    this.principal = principal;
  }

  /** The one event type published on {@value #SUBJECT}; any other type there is parked. */
  public static final EventSubjects RESOLUTION_EVENTS =
      EventSubjects.of(Map.of(TicketResolved.getDescriptor().getFullName(), SUBJECT));

  /**
   * Arrival order: the filter sees only a ticket's resolutions, not the rest of its events, so
   * publish order cannot apply (it would wait for ever for the events in between). The handler is
   * commutative for every pair it can see: each resolution records its own charge, keyed by the
   * ticket and the resolution's version, and nothing else; two resolutions of one ticket (resolved,
   * reopened, resolved again) give the same two charges in either order.
   */
  public static ConsumerSpec spec(DeadLetterRetention deadLetters) {
    return ConsumerSpec.of(STREAM, NAME, SUBJECT, RESOLUTION_EVENTS)
        .withOrder(AggregateOrder.arrivalOrder())
        .withOutOfOrder(OutOfOrderPolicy.APPLY)
        .withDeadLetterRetention(deadLetters);
  }

  /** Decodes TicketResolved only; anything else on the subject is skipped. */
  public static EventDecoder<TicketResolved> decoder() {
    return EventDecoder.byType(
        Map.of(
            TicketResolved.getDescriptor().getFullName(),
            EVENTS.decoder(TicketResolved.getDefaultInstance())));
  }

  @Override
  public void handle(InboundEvent<TicketResolved> inbound) throws RejectedEventException {
    TicketResolved event = inbound.event();
    try {
      charges.handle(
          new ChargeTicketResolution(
              principal,
              EVENTS.uuid("ticket_id", event.getTicketId()),
              event.getTicketNumber(),
              customer(event.getCustomerId()),
              event.getBillableMinutes(),
              tier(event),
              event.getAggregateVersion(),
              EVENTS.time("occur_time", event.hasOccurTime(), event.getOccurTime())));
    } catch (DomainException e) {
      throw IncomingEvents.refused(e);
    }
  }

  private static SupportTier tier(TicketResolved event) throws RejectedEventException {
    return switch (event.getSupportTier()) {
      case SUPPORT_TIER_BASIC -> SupportTier.BASIC;
      case SUPPORT_TIER_STANDARD -> SupportTier.STANDARD;
      case SUPPORT_TIER_PREMIUM -> SupportTier.PREMIUM;
      default ->
          throw EVENTS.rejected(
              "support_tier " + event.getSupportTierValue() + " is not a known tier");
    };
  }

  private static CustomerId customer(String value) throws RejectedEventException {
    return EVENTS.valid("customer_id", value, id -> CustomerId.of(id, "customer_id"));
  }
}
