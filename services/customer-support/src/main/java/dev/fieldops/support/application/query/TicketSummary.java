package dev.fieldops.support.application.query;

import dev.fieldops.support.domain.ticket.TicketId;
import dev.fieldops.support.domain.ticket.TicketNumber;
import dev.fieldops.support.domain.ticket.TicketPriority;
import dev.fieldops.support.domain.ticket.TicketSnapshot;
import dev.fieldops.support.domain.ticket.TicketStatus;
import java.time.Instant;

/** The short form of a ticket shown in a customer's support profile. */
public record TicketSummary(
    TicketId ticketId,
    TicketNumber ticketNumber,
    String subject,
    TicketPriority priority,
    TicketStatus status,
    Instant createTime,
    Instant updateTime) {

  public static TicketSummary of(TicketSnapshot ticket) {
    return new TicketSummary(
        ticket.id(),
        ticket.number(),
        ticket.subject(),
        ticket.priority(),
        ticket.status(),
        ticket.createTime(),
        ticket.updateTime());
  }
}
