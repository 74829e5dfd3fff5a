package dev.fieldops.support.application.query;

import dev.fieldops.support.domain.customer.CustomerId;
import dev.fieldops.support.domain.ticket.AlertId;
import dev.fieldops.support.domain.ticket.Assignee;
import dev.fieldops.support.domain.ticket.DeviceId;
import dev.fieldops.support.domain.ticket.TicketChannel;
import dev.fieldops.support.domain.ticket.TicketId;
import dev.fieldops.support.domain.ticket.TicketNumber;
import dev.fieldops.support.domain.ticket.TicketPriority;
import dev.fieldops.support.domain.ticket.TicketSnapshot;
import dev.fieldops.support.domain.ticket.TicketStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A ticket as every RPC returns it. {@code revision} is what the adapter turns into the etag (see
 * {@link dev.fieldops.support.domain.ticket.Ticket#revision()}); {@code billableMinutes} is the
 * total over every resolution.
 */
public record TicketView(
    TicketId ticketId,
    TicketNumber ticketNumber,
    CustomerId customerId,
    String subject,
    String description,
    TicketPriority priority,
    TicketChannel channel,
    Optional<DeviceId> deviceId,
    Optional<AlertId> alertId,
    TicketStatus status,
    Optional<Assignee> assignee,
    List<String> tags,
    Optional<String> resolution,
    int billableMinutes,
    SlaView sla,
    long revision,
    Instant createTime,
    Instant updateTime,
    Optional<Instant> resolveTime,
    Optional<Instant> closeTime) {

  public TicketView {
    tags = List.copyOf(tags);
  }

  /** The view of a stored ticket at {@code now} (which decides whether a target is late). */
  public static TicketView of(TicketSnapshot ticket, Instant now) {
    return new TicketView(
        ticket.id(),
        ticket.number(),
        ticket.customerId(),
        ticket.subject(),
        ticket.description(),
        ticket.priority(),
        ticket.channel(),
        ticket.deviceId(),
        ticket.alertId(),
        ticket.status(),
        ticket.assignee(),
        ticket.tags(),
        ticket.resolution(),
        ticket.billableMinutes(),
        SlaView.of(ticket.sla(), now),
        ticket.revision(),
        ticket.createTime(),
        ticket.updateTime(),
        ticket.resolveTime(),
        ticket.closeTime());
  }
}
