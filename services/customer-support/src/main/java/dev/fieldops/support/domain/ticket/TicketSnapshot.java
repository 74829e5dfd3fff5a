package dev.fieldops.support.domain.ticket;

import dev.fieldops.support.domain.customer.CustomerId;
import dev.fieldops.support.domain.customer.SupportTier;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The complete stored state of a ticket, without its comments and pending events: what a repository
 * writes and what it reads back to {@link Ticket#restore(TicketSnapshot)}. Queries return it too,
 * so an adapter maps a database row to a ticket in exactly one place.
 *
 * @param slaTier the customer's tier when the ticket was opened; SLA targets come from it, also
 *     when the priority changes later
 * @param resolution the text of the latest resolution; kept when the ticket is reopened
 * @param billableMinutes the sum over every resolution of the ticket
 * @param version the number of events the ticket raised
 * @param revision the number of changes of its own fields (see {@link Ticket#revision()})
 * @param resolveTime when the ticket was last resolved; empty if never, or reopened since
 */
public record TicketSnapshot(
    TicketId id,
    TicketNumber number,
    CustomerId customerId,
    String subject,
    String description,
    TicketPriority priority,
    TicketChannel channel,
    Optional<DeviceId> deviceId,
    Optional<AlertId> alertId,
    List<String> tags,
    TicketStatus status,
    Optional<Assignee> assignee,
    SupportTier slaTier,
    SlaClock sla,
    Optional<String> resolution,
    int billableMinutes,
    long version,
    long revision,
    Instant createTime,
    Instant updateTime,
    Optional<Instant> resolveTime,
    Optional<Instant> closeTime) {

  public TicketSnapshot {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(number, "number");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(alertId, "alertId");
    tags = List.copyOf(tags);
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(assignee, "assignee");
    Objects.requireNonNull(slaTier, "slaTier");
    Objects.requireNonNull(sla, "sla");
    Objects.requireNonNull(resolution, "resolution");
    Objects.requireNonNull(createTime, "createTime");
    Objects.requireNonNull(updateTime, "updateTime");
    Objects.requireNonNull(resolveTime, "resolveTime");
    Objects.requireNonNull(closeTime, "closeTime");
    if (version < 1) {
      throw new IllegalArgumentException("a stored ticket has version 1 or later");
    }
    if (revision < 1 || revision > version) {
      throw new IllegalArgumentException("a ticket's revision is between 1 and its version");
    }
    if (billableMinutes < 0) {
      throw new IllegalArgumentException("billable minutes are never negative");
    }
  }
}
