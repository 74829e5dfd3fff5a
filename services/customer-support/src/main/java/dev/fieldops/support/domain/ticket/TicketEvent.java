package dev.fieldops.support.domain.ticket;

import dev.fieldops.support.domain.customer.CustomerId;
import dev.fieldops.support.domain.customer.SupportTier;
import dev.fieldops.support.domain.shared.Actor;
import dev.fieldops.support.domain.shared.SupportEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Something that happened to a ticket. The ticket raises these as it changes; its repository drains
 * them ({@link Ticket#pullEvents()}) and writes them to the outbox in the same transaction as the
 * ticket. Every event advances the ticket's version by one, so the events of a ticket are numbered
 * 1, 2, 3 … by {@link Header#version()} without gaps; one command may raise several (a customer's
 * reply on a PENDING ticket raises {@link TicketCommentAdded} and {@link TicketResumed}).
 *
 * <p>Each event carries, besides what changed, the facts about the ticket at that moment that its
 * subscribers act on (who is assigned, the priority before an edit, how long a pause lasted), so a
 * subscriber, and the adapter that publishes the event, never needs the ticket's earlier state.
 */
public sealed interface TicketEvent extends SupportEvent {

  /** What every ticket event carries. */
  record Header(
      UUID eventId,
      Instant occurTime,
      TicketId ticketId,
      TicketNumber ticketNumber,
      CustomerId customerId,
      long version,
      Actor actor) {

    public Header {
      Objects.requireNonNull(eventId, "eventId");
      Objects.requireNonNull(occurTime, "occurTime");
      Objects.requireNonNull(ticketId, "ticketId");
      Objects.requireNonNull(ticketNumber, "ticketNumber");
      Objects.requireNonNull(customerId, "customerId");
      Objects.requireNonNull(actor, "actor");
    }
  }

  Header header();

  @Override
  default UUID eventId() {
    return header().eventId();
  }

  @Override
  default Instant occurTime() {
    return header().occurTime();
  }

  default TicketId ticketId() {
    return header().ticketId();
  }

  default CustomerId customerId() {
    return header().customerId();
  }

  /** The ticket's version after this event. */
  default long version() {
    return header().version();
  }

  @Override
  default Actor actor() {
    return header().actor();
  }

  @Override
  default String aggregateId() {
    return header().ticketId().toString();
  }

  @Override
  default long aggregateVersion() {
    return header().version();
  }

  /**
   * A ticket was opened (status NEW). {@code slaTier} is the tier its SLA targets were taken from.
   */
  record TicketOpened(
      Header header,
      String subject,
      String description,
      TicketPriority priority,
      TicketChannel channel,
      Optional<DeviceId> deviceId,
      Optional<AlertId> alertId,
      List<String> tags,
      SupportTier slaTier,
      Instant firstResponseDue,
      Instant resolutionDue)
      implements TicketEvent {}

  /**
   * Descriptive fields changed; carries the changed field names and the values after the change,
   * plus the due times (a priority change moves them). {@code previousPriority} is the priority
   * before the change (the same as {@code priority} when the priority did not change).
   */
  record TicketUpdated(
      Header header,
      Set<TicketField> changedFields,
      String subject,
      String description,
      TicketPriority priority,
      TicketPriority previousPriority,
      List<String> tags,
      Instant firstResponseDue,
      Instant resolutionDue)
      implements TicketEvent {}

  /** The ticket got an owner (a NEW ticket becomes OPEN); {@code status} is the status after. */
  record TicketAssigned(
      Header header, Assignee assignee, Optional<Assignee> previousAssignee, TicketStatus status)
      implements TicketEvent {}

  /**
   * A comment was added. {@code firstResponse} is true for the first public staff reply, which
   * meets the first-response target and moves a NEW ticket to OPEN; {@code status} is the status
   * after the comment (a customer reply that resumes a PENDING ticket is followed by {@link
   * TicketResumed}).
   */
  record TicketCommentAdded(
      Header header, TicketComment comment, boolean firstResponse, TicketStatus status)
      implements TicketEvent {}

  /**
   * The ticket waits on the customer (OPEN → PENDING); the SLA clock is paused. {@code assignee} is
   * whoever owns the ticket while it waits; empty when nobody was assigned.
   */
  record TicketPending(Header header, Optional<Assignee> assignee) implements TicketEvent {}

  /**
   * PENDING → OPEN; the SLA clock runs again and the due times moved later by the pause. {@code
   * cause} says whether staff resumed the ticket or the customer's reply did; {@code pausedFor} is
   * how long the ticket was pending (never negative).
   */
  record TicketResumed(
      Header header,
      ResumeCause cause,
      Duration pausedFor,
      Instant firstResponseDue,
      Instant resolutionDue)
      implements TicketEvent {}

  /**
   * OPEN → RESOLVED. {@code billableMinutes} is the work of this resolution only (a reopened and
   * re-resolved ticket raises another event with its own minutes), so each event is billed once;
   * {@code totalBillableMinutes} is the work of all resolutions of the ticket including this one.
   * {@code supportTier} is the customer's tier at the time of resolution, which prices the work;
   * {@code priority}, {@code assignee} and {@code deviceId} are the ticket's at that moment, and
   * {@code resolutionBreached} tells whether the resolution target was missed.
   */
  record TicketResolved(
      Header header,
      String resolution,
      int billableMinutes,
      int totalBillableMinutes,
      SupportTier supportTier,
      TicketPriority priority,
      Optional<Assignee> assignee,
      Optional<DeviceId> deviceId,
      boolean resolutionBreached)
      implements TicketEvent {}

  /** RESOLVED → CLOSED, final. */
  record TicketClosed(Header header) implements TicketEvent {}

  /**
   * RESOLVED → OPEN; the SLA clock runs again with the due times moved later. {@code reason} says
   * why the fix did not hold; empty when none was given. {@code assignee} is who owns the ticket
   * again (empty when nobody was assigned).
   */
  record TicketReopened(
      Header header,
      String reason,
      Optional<Assignee> assignee,
      Instant firstResponseDue,
      Instant resolutionDue)
      implements TicketEvent {}

  /**
   * An SLA target's due time passed before it was met; raised once per ticket and target. {@code
   * priority}, {@code slaTier} (the tier the targets came from) and {@code assignee} are the
   * ticket's at the moment of the breach, so whoever escalates knows whom and what it concerns.
   */
  record TicketSlaBreached(
      Header header,
      SlaTarget target,
      Instant dueTime,
      TicketPriority priority,
      SupportTier slaTier,
      Optional<Assignee> assignee)
      implements TicketEvent {}
}
