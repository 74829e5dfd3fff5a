package dev.fieldops.support.adapter.nats;

import static dev.fieldops.grpc.ProtoTimes.duration;
import static dev.fieldops.grpc.ProtoTimes.timestamp;
import static dev.fieldops.support.adapter.proto.SupportProtos.authorKind;
import static dev.fieldops.support.adapter.proto.SupportProtos.channel;
import static dev.fieldops.support.adapter.proto.SupportProtos.priority;
import static dev.fieldops.support.adapter.proto.SupportProtos.slaTarget;
import static dev.fieldops.support.adapter.proto.SupportProtos.status;
import static dev.fieldops.support.adapter.proto.SupportProtos.tier;
import static dev.fieldops.support.adapter.proto.SupportProtos.visibility;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Message;
import dev.fieldops.nats.outbox.OutboxEncoder;
import dev.fieldops.nats.outbox.OutboxEvent;
import dev.fieldops.support.domain.customer.CustomerSupportDetailsField;
import dev.fieldops.support.domain.customer.CustomerSupportDetailsUpdated;
import dev.fieldops.support.domain.shared.SupportEvent;
import dev.fieldops.support.domain.ticket.Assignee;
import dev.fieldops.support.domain.ticket.DeviceId;
import dev.fieldops.support.domain.ticket.ResumeCause;
import dev.fieldops.support.domain.ticket.TicketEvent;
import dev.fieldops.support.domain.ticket.TicketField;
import dev.fieldops.support.v1.TicketResumeCause;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Translates the support context's domain events into outbox rows: the subject of {@code
 * support_events.proto}, the event message as payload, and the event's ordering partition. Every
 * field of a message comes from the event it publishes; the mapper keeps no state and never looks
 * at the aggregate.
 */
public final class SupportEventMapper implements OutboxEncoder<SupportEvent> {

  /** The aggregate type of ticket events in the outbox. */
  public static final String TICKET = "ticket";

  /** The aggregate type of support-profile events in the outbox. */
  public static final String CUSTOMER_SUPPORT_DETAILS = "customer_support_details";

  @Override
  public OutboxEvent encode(SupportEvent event) {
    return switch (event) {
      case TicketEvent ticket -> row(ticket, TICKET, subjectOf(ticket), ticketMessage(ticket));
      case CustomerSupportDetailsUpdated updated ->
          row(
              updated,
              CUSTOMER_SUPPORT_DETAILS,
              "support.customer.updated",
              customerMessage(updated));
      default -> throw new IllegalArgumentException("no message for " + event.getClass().getName());
    };
  }

  /** The NATS subject of a ticket event (see {@code support_events.proto}). */
  private static String subjectOf(TicketEvent event) {
    return switch (event) {
      case TicketEvent.TicketOpened e -> "support.ticket.opened";
      case TicketEvent.TicketUpdated e -> "support.ticket.updated";
      case TicketEvent.TicketAssigned e -> "support.ticket.assigned";
      case TicketEvent.TicketCommentAdded e -> "support.ticket.commented";
      case TicketEvent.TicketPending e -> "support.ticket.pending";
      case TicketEvent.TicketResumed e -> "support.ticket.resumed";
      case TicketEvent.TicketResolved e -> "support.ticket.resolved";
      case TicketEvent.TicketClosed e -> "support.ticket.closed";
      case TicketEvent.TicketReopened e -> "support.ticket.reopened";
      case TicketEvent.TicketSlaBreached e -> "support.ticket.sla_breached";
    };
  }

  private OutboxEvent row(
      SupportEvent event, String aggregateType, String subject, Message message) {
    return OutboxEvent.protobuf(
        event.eventId(),
        aggregateType,
        event.aggregateId(),
        event.aggregateVersion(),
        subject,
        message.getDescriptorForType().getFullName(),
        message.toByteArray(),
        event.occurTime());
  }

  private static Message customerMessage(CustomerSupportDetailsUpdated event) {
    return dev.fieldops.support.v1.CustomerSupportDetailsUpdated.newBuilder()
        .setEventId(event.eventId().toString())
        .setOccurTime(timestamp(event.occurTime()))
        .setAggregateVersion(event.version())
        .setCustomerId(event.customerId().value())
        .setCreated(event.created())
        .setChangedFields(
            mask(event.changedFields().stream().map(CustomerSupportDetailsField::path).toList()))
        .setSupportTier(tier(event.supportTier()))
        .setPreviousSupportTier(
            event
                .previousSupportTier()
                .map(t -> tier(t))
                .orElse(dev.fieldops.support.v1.SupportTier.SUPPORT_TIER_UNSPECIFIED))
        .build();
  }

  private static Message ticketMessage(TicketEvent event) {
    var h = event.header();
    String eventId = h.eventId().toString();
    var occur = timestamp(h.occurTime());
    long version = h.version();
    String customer = h.customerId().value();
    String ticketId = h.ticketId().toString();
    String number = h.ticketNumber().toString();
    return switch (event) {
      case TicketEvent.TicketOpened e ->
          dev.fieldops.support.v1.TicketOpened.newBuilder()
              .setEventId(eventId)
              .setOccurTime(occur)
              .setAggregateVersion(version)
              .setCustomerId(customer)
              .setTicketId(ticketId)
              .setTicketNumber(number)
              .setSubject(e.subject())
              .setPriority(priority(e.priority()))
              .setChannel(channel(e.channel()))
              .setDeviceId(e.deviceId().map(DeviceId::value).orElse(""))
              .setAlertId(e.alertId().map(a -> a.value()).orElse(""))
              .setSupportTier(tier(e.slaTier()))
              .setFirstResponseDueTime(timestamp(e.firstResponseDue()))
              .setResolutionDueTime(timestamp(e.resolutionDue()))
              .build();
      case TicketEvent.TicketUpdated e ->
          dev.fieldops.support.v1.TicketUpdated.newBuilder()
              .setEventId(eventId)
              .setOccurTime(occur)
              .setAggregateVersion(version)
              .setCustomerId(customer)
              .setTicketId(ticketId)
              .setTicketNumber(number)
              .setChangedFields(mask(e.changedFields().stream().map(TicketField::path).toList()))
              .setSubject(e.subject())
              .setPriority(priority(e.priority()))
              .setPreviousPriority(priority(e.previousPriority()))
              .addAllTags(e.tags())
              .setFirstResponseDueTime(timestamp(e.firstResponseDue()))
              .setResolutionDueTime(timestamp(e.resolutionDue()))
              .build();
      case TicketEvent.TicketAssigned e ->
          dev.fieldops.support.v1.TicketAssigned.newBuilder()
              .setEventId(eventId)
              .setOccurTime(occur)
              .setAggregateVersion(version)
              .setCustomerId(customer)
              .setTicketId(ticketId)
              .setTicketNumber(number)
              .setAssignee(e.assignee().subject())
              .setPreviousAssignee(e.previousAssignee().map(Assignee::subject).orElse(""))
              .setStatus(status(e.status()))
              .build();
      case TicketEvent.TicketCommentAdded e ->
          dev.fieldops.support.v1.TicketCommentAdded.newBuilder()
              .setEventId(eventId)
              .setOccurTime(occur)
              .setAggregateVersion(version)
              .setCustomerId(customer)
              .setTicketId(ticketId)
              .setTicketNumber(number)
              .setCommentId(e.comment().commentId().toString())
              .setAuthor(e.comment().author().subject())
              .setAuthorKind(authorKind(e.comment().author().kind()))
              .setVisibility(visibility(e.comment().visibility()))
              .setFirstResponse(e.firstResponse())
              .build();
      case TicketEvent.TicketPending e ->
          dev.fieldops.support.v1.TicketPending.newBuilder()
              .setEventId(eventId)
              .setOccurTime(occur)
              .setAggregateVersion(version)
              .setCustomerId(customer)
              .setTicketId(ticketId)
              .setTicketNumber(number)
              .setAssignee(name(e.assignee()))
              .build();
      case TicketEvent.TicketResumed e -> {
        yield dev.fieldops.support.v1.TicketResumed.newBuilder()
            .setEventId(eventId)
            .setOccurTime(occur)
            .setAggregateVersion(version)
            .setCustomerId(customer)
            .setTicketId(ticketId)
            .setTicketNumber(number)
            .setCause(resumeCause(e.cause()))
            .setPausedDuration(duration(e.pausedFor()))
            .setFirstResponseDueTime(timestamp(e.firstResponseDue()))
            .setResolutionDueTime(timestamp(e.resolutionDue()))
            .build();
      }
      case TicketEvent.TicketResolved e ->
          dev.fieldops.support.v1.TicketResolved.newBuilder()
              .setEventId(eventId)
              .setOccurTime(occur)
              .setAggregateVersion(version)
              .setCustomerId(customer)
              .setTicketId(ticketId)
              .setTicketNumber(number)
              .setResolution(e.resolution())
              .setBillableMinutes(e.billableMinutes())
              .setTotalBillableMinutes(e.totalBillableMinutes())
              .setSupportTier(tier(e.supportTier()))
              .setPriority(priority(e.priority()))
              .setAssignee(name(e.assignee()))
              .setDeviceId(e.deviceId().map(DeviceId::value).orElse(""))
              .setResolutionBreached(e.resolutionBreached())
              .build();
      case TicketEvent.TicketClosed e ->
          dev.fieldops.support.v1.TicketClosed.newBuilder()
              .setEventId(eventId)
              .setOccurTime(occur)
              .setAggregateVersion(version)
              .setCustomerId(customer)
              .setTicketId(ticketId)
              .setTicketNumber(number)
              .build();
      case TicketEvent.TicketReopened e ->
          dev.fieldops.support.v1.TicketReopened.newBuilder()
              .setEventId(eventId)
              .setOccurTime(occur)
              .setAggregateVersion(version)
              .setCustomerId(customer)
              .setTicketId(ticketId)
              .setTicketNumber(number)
              .setReason(e.reason())
              .setAssignee(name(e.assignee()))
              .setResolutionDueTime(timestamp(e.resolutionDue()))
              .build();
      case TicketEvent.TicketSlaBreached e ->
          dev.fieldops.support.v1.TicketSlaBreached.newBuilder()
              .setEventId(eventId)
              .setOccurTime(occur)
              .setAggregateVersion(version)
              .setCustomerId(customer)
              .setTicketId(ticketId)
              .setTicketNumber(number)
              .setTarget(slaTarget(e.target()))
              .setDueTime(timestamp(e.dueTime()))
              .setPriority(priority(e.priority()))
              .setSupportTier(tier(e.slaTier()))
              .setAssignee(name(e.assignee()))
              .build();
    };
  }

  private static FieldMask mask(List<String> paths) {
    return FieldMask.newBuilder()
        .addAllPaths(paths.stream().sorted(Comparator.naturalOrder()).toList())
        .build();
  }

  private static TicketResumeCause resumeCause(ResumeCause cause) {
    return switch (cause) {
      case CUSTOMER_REPLY -> TicketResumeCause.TICKET_RESUME_CAUSE_CUSTOMER_REPLY;
      case STAFF -> TicketResumeCause.TICKET_RESUME_CAUSE_STAFF;
    };
  }

  private static String name(Optional<Assignee> assignee) {
    return assignee.map(Assignee::subject).orElse("");
  }
}
