package dev.fieldops.support.application.event;

import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.support.application.command.AddTicketComment;
import dev.fieldops.support.application.command.CreateTicket;
import dev.fieldops.support.application.command.EscalateTicket;
import dev.fieldops.support.application.event.AlertTicketOutcome.Effect;
import dev.fieldops.support.application.query.TicketQueries;
import dev.fieldops.support.application.query.TicketView;
import dev.fieldops.support.application.shared.SupportAccess;
import dev.fieldops.support.domain.customer.CustomerScope;
import dev.fieldops.support.domain.ticket.CommentVisibility;
import dev.fieldops.support.domain.ticket.TicketChannel;
import dev.fieldops.support.domain.ticket.TicketComment;
import dev.fieldops.support.domain.ticket.TicketDraft;
import dev.fieldops.support.domain.ticket.TicketSnapshot;
import dev.fieldops.support.domain.ticket.TicketStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns telemetry alerts into support work, acting as support's automation ({@link
 * SupportAccess#AUTOMATION}) through the ordinary command handlers:
 *
 * <ul>
 *   <li>raised: opens one ticket for the alert's customer (channel TELEMETRY_ALERT, URGENT for a
 *       CRITICAL alert, HIGH for a WARNING), its subject taken from the alert's summary, and marks
 *       it as waiting for its device details ({@link PendingEnrichments}); a raise of an alert that
 *       already has its ticket changes nothing;
 *   <li>escalated: raises the ticket's priority to the new severity's;
 *   <li>cleared: adds an internal note saying so; the ticket stays open, since the customer's
 *       problem (spoiled goods, a broken door seal) may outlast the alert.
 * </ul>
 *
 * An escalation or clearance of an alert without a ticket cannot be applied (its raise was never
 * applied, or not yet): that is {@link NotFoundException} {@code ALERT_TICKET_NOT_FOUND}, which the
 * caller parks for an operator. A closed ticket is final and is left alone.
 *
 * <p>It runs inside the caller's transaction (the consumer's, with its inbox row) and makes no
 * remote call: the device is described later by {@link EnrichAlertTicketHandler}.
 */
public final class AlertTicketHandler {

  /** The tag every ticket opened from an alert carries, so agents can find them. */
  public static final String TAG = "telemetry-alert";

  private final CommandHandler<CreateTicket, TicketView> createTicket;
  private final CommandHandler<EscalateTicket, TicketView> escalateTicket;
  private final CommandHandler<AddTicketComment, TicketComment> addComment;
  private final TicketQueries tickets;
  private final PendingEnrichments enrichments;
  private final EnrichmentRetry retry;

  public AlertTicketHandler(
      CommandHandler<CreateTicket, TicketView> createTicket,
      CommandHandler<EscalateTicket, TicketView> escalateTicket,
      CommandHandler<AddTicketComment, TicketComment> addComment,
      TicketQueries tickets,
      PendingEnrichments enrichments,
      EnrichmentRetry retry) {
    this.createTicket = createTicket;
    this.escalateTicket = escalateTicket;
    this.addComment = addComment;
    this.tickets = tickets;
    this.enrichments = enrichments;
    this.retry = retry;
  }

  /**
   * Applies one alert event to the alert's ticket.
   *
   * @throws NotFoundException {@code ALERT_TICKET_NOT_FOUND} for an escalation or clearance of an
   *     alert that has no ticket
   */
  public AlertTicketOutcome handle(TelemetryAlert alert) {
    return switch (alert) {
      case TelemetryAlert.Raised raised -> open(raised);
      case TelemetryAlert.Escalated escalated -> escalate(escalated);
      case TelemetryAlert.Cleared cleared -> noteClearance(cleared);
    };
  }

  private AlertTicketOutcome open(TelemetryAlert.Raised alert) {
    var existing = ticketOf(alert);
    if (existing.isPresent()) {
      return new AlertTicketOutcome(existing.get().id(), Effect.ALREADY_OPENED);
    }
    var draft =
        new TicketDraft(
            alert.customerId(),
            AlertTicketText.subject(alert),
            AlertTicketText.description(alert),
            alert.severity().ticketPriority(),
            TicketChannel.TELEMETRY_ALERT,
            Optional.of(alert.deviceId()),
            Optional.of(alert.alertId()),
            List.of(TAG));
    var opened = createTicket.handle(new CreateTicket(SupportAccess.AUTOMATION, draft));
    // The first attempt follows the commit at once; the periodic retry waits a first pause so the
    // two do not ask telemetry the same thing at the same moment.
    enrichments.add(
        new PendingEnrichment(
            opened.ticketId(),
            alert.deviceId(),
            alert.metric(),
            0,
            opened.createTime().plus(retry.first())));
    return new AlertTicketOutcome(opened.ticketId(), Effect.OPENED);
  }

  private AlertTicketOutcome escalate(TelemetryAlert.Escalated alert) {
    var ticket = requireTicketOf(alert);
    if (ticket.status() == TicketStatus.CLOSED) {
      return new AlertTicketOutcome(ticket.id(), Effect.TICKET_CLOSED);
    }
    var after =
        escalateTicket.handle(
            new EscalateTicket(
                SupportAccess.AUTOMATION, ticket.id(), alert.severity().ticketPriority()));
    return new AlertTicketOutcome(
        ticket.id(),
        after.revision() > ticket.revision() ? Effect.ESCALATED : Effect.ALREADY_AS_URGENT);
  }

  private AlertTicketOutcome noteClearance(TelemetryAlert.Cleared alert) {
    var ticket = requireTicketOf(alert);
    if (ticket.status() == TicketStatus.CLOSED) {
      return new AlertTicketOutcome(ticket.id(), Effect.TICKET_CLOSED);
    }
    addComment.handle(
        new AddTicketComment(
            SupportAccess.AUTOMATION,
            ticket.id(),
            CommentVisibility.INTERNAL,
            AlertTicketText.clearedNote(alert)));
    return new AlertTicketOutcome(ticket.id(), Effect.NOTED);
  }

  private Optional<TicketSnapshot> ticketOf(TelemetryAlert alert) {
    return tickets.findTicketForAlert(alert.alertId(), CustomerScope.unrestricted());
  }

  private TicketSnapshot requireTicketOf(TelemetryAlert alert) {
    return ticketOf(alert)
        .orElseThrow(
            () ->
                new NotFoundException(
                    "ALERT_TICKET_NOT_FOUND",
                    "alert "
                        + alert.alertId()
                        + " has no ticket: its AlertRaised has not been applied (yet)",
                    Map.of("alert_id", alert.alertId().value())));
  }
}
