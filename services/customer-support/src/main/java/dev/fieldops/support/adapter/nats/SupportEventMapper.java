package dev.fieldops.support.adapter.nats;

import static dev.fieldops.support.adapter.proto.SupportProtos.authorKind;
import static dev.fieldops.support.adapter.proto.SupportProtos.channel;
import static dev.fieldops.support.adapter.proto.SupportProtos.duration;
import static dev.fieldops.support.adapter.proto.SupportProtos.priority;
import static dev.fieldops.support.adapter.proto.SupportProtos.slaTarget;
import static dev.fieldops.support.adapter.proto.SupportProtos.status;
import static dev.fieldops.support.adapter.proto.SupportProtos.tier;
import static dev.fieldops.support.adapter.proto.SupportProtos.timestamp;
import static dev.fieldops.support.adapter.proto.SupportProtos.visibility;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Message;
import dev.fieldops.nats.outbox.OutboxEvent;
import dev.fieldops.support.domain.customer.CustomerSupportDetailsField;
import dev.fieldops.support.domain.customer.CustomerSupportDetailsSnapshot;
import dev.fieldops.support.domain.customer.CustomerSupportDetailsUpdated;
import dev.fieldops.support.domain.customer.SupportTier;
import dev.fieldops.support.domain.shared.SupportEvent;
import dev.fieldops.support.domain.ticket.Assignee;
import dev.fieldops.support.domain.ticket.DeviceId;
import dev.fieldops.support.domain.ticket.SlaTarget;
import dev.fieldops.support.domain.ticket.TicketEvent;
import dev.fieldops.support.domain.ticket.TicketField;
import dev.fieldops.support.domain.ticket.TicketPriority;
import dev.fieldops.support.domain.ticket.TicketSnapshot;
import dev.fieldops.support.v1.TicketResumeCause;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Turns the events one transaction drained from an aggregate into outbox rows: one per event, in
 * the order raised, with the subject of {@code support_events.proto} and the event message as
 * payload. Several contract fields are not in the domain event itself but are facts about the
 * ticket at the moment of the event (the assignee when it was paused, the priority it had before an
 * edit); they are read by replaying the events over the state the aggregate had before the
 * transaction, so each event describes its own moment even when one command raised several.
 */
public final class SupportEventMapper {

  /** The aggregate type of ticket events in the outbox. */
  public static final String TICKET = "ticket";

  /** The aggregate type of support-profile events in the outbox. */
  public static final String CUSTOMER_SUPPORT_DETAILS = "customer_support_details";

  private final Supplier<Optional<String>> traceparent;

  /**
   * @param traceparent the W3C trace context of the call being served, if any, so a trace
   *     continues across NATS
   */
  public SupportEventMapper(Supplier<Optional<String>> traceparent) {
    this.traceparent = Objects.requireNonNull(traceparent, "traceparent");
  }

  /** A mapper that forwards no trace context (tests, tools). */
  public static SupportEventMapper withoutTracing() {
    return new SupportEventMapper(Optional::empty);
  }

  /**
   * The outbox rows of a ticket's events.
   *
   * @param before the ticket as loaded before the change; empty when the events start with {@code
   *     TicketOpened}
   */
  public List<OutboxEvent> ticketEvents(Optional<TicketSnapshot> before, List<TicketEvent> events) {
    var rows = new ArrayList<OutboxEvent>(events.size());
    TicketFacts facts = before.map(TicketFacts::of).orElse(null);
    for (var event : events) {
      if (facts == null) {
        if (!(event instanceof TicketEvent.TicketOpened opened)) {
          throw new IllegalStateException(
              "events of a ticket not loaded before must start with TicketOpened: " + event);
        }
        facts = TicketFacts.of(opened);
      }
      Message message = ticketMessage(event, facts);
      facts = facts.after(event);
      rows.add(row(event, TICKET, subjectOf(event), message));
    }
    return rows;
  }

  /**
   * The outbox rows of a support profile's events.
   *
   * @param before the profile as loaded before the change; empty when it was created
   */
  public List<OutboxEvent> customerEvents(
      Optional<CustomerSupportDetailsSnapshot> before,
      List<CustomerSupportDetailsUpdated> events) {
    var rows = new ArrayList<OutboxEvent>(events.size());
    Optional<SupportTier> previousTier = before.map(CustomerSupportDetailsSnapshot::supportTier);
    for (var event : events) {
      var message =
          dev.fieldops.support.v1.CustomerSupportDetailsUpdated.newBuilder()
              .setEventId(event.eventId().toString())
              .setOccurTime(timestamp(event.occurTime()))
              .setAggregateVersion(event.version())
              .setCustomerId(event.customerId().value())
              .setCreated(event.created())
              .setChangedFields(
                  mask(
                      event.changedFields().stream()
                          .map(CustomerSupportDetailsField::path)
                          .toList()))
              .setSupportTier(tier(event.supportTier()))
              .setPreviousSupportTier(
                  event.created()
                      ? dev.fieldops.support.v1.SupportTier.SUPPORT_TIER_UNSPECIFIED
                      : previousTier
                          .map(t -> tier(t))
                          .orElse(dev.fieldops.support.v1.SupportTier.SUPPORT_TIER_UNSPECIFIED))
              .build();
      previousTier = Optional.of(event.supportTier());
      rows.add(row(event, CUSTOMER_SUPPORT_DETAILS, "support.customer.updated", message));
    }
    return rows;
  }

  /** The NATS subject of a ticket event (see {@code support_events.proto}). */
  public static String subjectOf(TicketEvent event) {
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

  private OutboxEvent row(SupportEvent event, String aggregateType, String subject, Message message) {
    return OutboxEvent.protobuf(
            event.eventId(),
            aggregateType,
            event.aggregateId(),
            event.aggregateVersion(),
            subject,
            message.getDescriptorForType().getFullName(),
            message.toByteArray(),
            event.occurTime())
        .withTraceparent(traceparent.get().orElse(null));
  }

  private static Message ticketMessage(TicketEvent event, TicketFacts facts) {
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
              .setPreviousPriority(priority(facts.priority()))
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
              .setAssignee(facts.assigneeName())
              .build();
      case TicketEvent.TicketResumed e -> {
        var paused =
            facts
                .pausedSince()
                .map(since -> Duration.between(since, h.occurTime()))
                .filter(d -> !d.isNegative())
                .orElse(Duration.ZERO);
        yield dev.fieldops.support.v1.TicketResumed.newBuilder()
            .setEventId(eventId)
            .setOccurTime(occur)
            .setAggregateVersion(version)
            .setCustomerId(customer)
            .setTicketId(ticketId)
            .setTicketNumber(number)
            // Customers cannot call ResumeTicket: a customer-made resume is always their reply.
            .setCause(
                h.actor().isCustomer()
                    ? TicketResumeCause.TICKET_RESUME_CAUSE_CUSTOMER_REPLY
                    : TicketResumeCause.TICKET_RESUME_CAUSE_STAFF)
            .setPausedDuration(duration(paused))
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
              .setTotalBillableMinutes(facts.billableMinutes() + e.billableMinutes())
              .setSupportTier(tier(e.supportTier()))
              .setPriority(priority(facts.priority()))
              .setAssignee(facts.assigneeName())
              .setDeviceId(facts.deviceId().map(DeviceId::value).orElse(""))
              .setResolutionBreached(facts.resolutionBreached())
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
              .setAssignee(facts.assigneeName())
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
              .setPriority(priority(facts.priority()))
              .setSupportTier(tier(facts.slaTier()))
              .setAssignee(facts.assigneeName())
              .build();
    };
  }

  private static FieldMask mask(List<String> paths) {
    return FieldMask.newBuilder()
        .addAllPaths(paths.stream().sorted(Comparator.naturalOrder()).toList())
        .build();
  }

  /** What the events of one transaction need to know about the ticket as they replay. */
  private record TicketFacts(
      TicketPriority priority,
      Optional<Assignee> assignee,
      Optional<Instant> pausedSince,
      boolean resolutionBreached,
      int billableMinutes,
      SupportTier slaTier,
      Optional<DeviceId> deviceId) {

    static TicketFacts of(TicketSnapshot ticket) {
      return new TicketFacts(
          ticket.priority(),
          ticket.assignee(),
          ticket.sla().pausedSince(),
          ticket.sla().isBreached(SlaTarget.RESOLUTION),
          ticket.billableMinutes(),
          ticket.slaTier(),
          ticket.deviceId());
    }

    static TicketFacts of(TicketEvent.TicketOpened opened) {
      return new TicketFacts(
          opened.priority(),
          Optional.empty(),
          Optional.empty(),
          false,
          0,
          opened.slaTier(),
          opened.deviceId());
    }

    String assigneeName() {
      return assignee.map(Assignee::subject).orElse("");
    }

    /** The facts once {@code event} has happened. */
    TicketFacts after(TicketEvent event) {
      return switch (event) {
        case TicketEvent.TicketUpdated e ->
            new TicketFacts(
                e.priority(), assignee, pausedSince, resolutionBreached, billableMinutes, slaTier,
                deviceId);
        case TicketEvent.TicketAssigned e ->
            new TicketFacts(
                priority, Optional.of(e.assignee()), pausedSince, resolutionBreached,
                billableMinutes, slaTier, deviceId);
        case TicketEvent.TicketPending e ->
            new TicketFacts(
                priority, assignee, Optional.of(e.occurTime()), resolutionBreached,
                billableMinutes, slaTier, deviceId);
        case TicketEvent.TicketResumed e ->
            new TicketFacts(
                priority, assignee, Optional.empty(), resolutionBreached, billableMinutes,
                slaTier, deviceId);
        case TicketEvent.TicketResolved e ->
            new TicketFacts(
                priority, assignee, pausedSince, resolutionBreached,
                billableMinutes + e.billableMinutes(), slaTier, deviceId);
        case TicketEvent.TicketSlaBreached e when e.target() == SlaTarget.RESOLUTION ->
            new TicketFacts(
                priority, assignee, pausedSince, true, billableMinutes, slaTier, deviceId);
        default -> this;
      };
    }
  }
}
