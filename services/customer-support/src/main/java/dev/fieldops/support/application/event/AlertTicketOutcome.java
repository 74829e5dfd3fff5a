package dev.fieldops.support.application.event;

import dev.fieldops.support.domain.ticket.TicketId;
import java.util.Objects;

/** What an alert event did to the alert's ticket. */
public record AlertTicketOutcome(TicketId ticketId, Effect effect) {

  public AlertTicketOutcome {
    Objects.requireNonNull(ticketId, "ticketId");
    Objects.requireNonNull(effect, "effect");
  }

  /** The possible effects. */
  public enum Effect {
    /** A ticket was opened; its device details are still to come. */
    OPENED,
    /** The alert already had its ticket (the raise was repeated); nothing changed. */
    ALREADY_OPENED,
    /** The ticket's priority was raised. */
    ESCALATED,
    /** The ticket was already at least as urgent; nothing changed. */
    ALREADY_AS_URGENT,
    /** An internal note about the clearance was added. */
    NOTED,
    /** The ticket is closed, which is final: the event changes nothing. */
    TICKET_CLOSED
  }
}
