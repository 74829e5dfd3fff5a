package dev.fieldops.support.adapter.proto;

import static dev.fieldops.grpc.ProtoTimes.timestamp;

import dev.fieldops.grpc.Etags;
import dev.fieldops.support.application.query.AccountStanding;
import dev.fieldops.support.application.query.CustomerSupportDetailsView;
import dev.fieldops.support.application.query.TicketSummary;
import dev.fieldops.support.application.query.TicketView;
import dev.fieldops.support.domain.customer.SupportTier;
import dev.fieldops.support.domain.shared.ActorKind;
import dev.fieldops.support.domain.ticket.AlertId;
import dev.fieldops.support.domain.ticket.Assignee;
import dev.fieldops.support.domain.ticket.CommentVisibility;
import dev.fieldops.support.domain.ticket.DeviceId;
import dev.fieldops.support.domain.ticket.SlaTarget;
import dev.fieldops.support.domain.ticket.TicketChannel;
import dev.fieldops.support.domain.ticket.TicketComment;
import dev.fieldops.support.domain.ticket.TicketPriority;
import dev.fieldops.support.domain.ticket.TicketStatus;
import dev.fieldops.support.v1.CommentAuthorKind;
import dev.fieldops.support.v1.CustomerSupportDetails;
import dev.fieldops.support.v1.Ticket;
import dev.fieldops.support.v1.TicketSla;
import java.util.Optional;

/**
 * Domain values ↔ contract values, and the handlers' views as the API's resources. Contract enum
 * constants are the domain constant's name with the enum's prefix ({@code NORMAL} ↔ {@code
 * TICKET_PRIORITY_NORMAL}), spelled out in exhaustive switches as the other services do: a domain
 * constant without a contract counterpart does not compile, and a ticket's mapping costs no string
 * building. {@code *_UNSPECIFIED} and values this build does not know have no domain counterpart
 * and map to {@link Optional#empty()}.
 */
public final class SupportProtos {

  private SupportProtos() {}

  public static dev.fieldops.support.v1.TicketPriority priority(TicketPriority priority) {
    return switch (priority) {
      case LOW -> dev.fieldops.support.v1.TicketPriority.TICKET_PRIORITY_LOW;
      case NORMAL -> dev.fieldops.support.v1.TicketPriority.TICKET_PRIORITY_NORMAL;
      case HIGH -> dev.fieldops.support.v1.TicketPriority.TICKET_PRIORITY_HIGH;
      case URGENT -> dev.fieldops.support.v1.TicketPriority.TICKET_PRIORITY_URGENT;
    };
  }

  public static Optional<TicketPriority> priority(dev.fieldops.support.v1.TicketPriority priority) {
    return switch (priority) {
      case TICKET_PRIORITY_LOW -> Optional.of(TicketPriority.LOW);
      case TICKET_PRIORITY_NORMAL -> Optional.of(TicketPriority.NORMAL);
      case TICKET_PRIORITY_HIGH -> Optional.of(TicketPriority.HIGH);
      case TICKET_PRIORITY_URGENT -> Optional.of(TicketPriority.URGENT);
      case TICKET_PRIORITY_UNSPECIFIED, UNRECOGNIZED -> Optional.empty();
    };
  }

  public static dev.fieldops.support.v1.TicketStatus status(TicketStatus status) {
    return switch (status) {
      case NEW -> dev.fieldops.support.v1.TicketStatus.TICKET_STATUS_NEW;
      case OPEN -> dev.fieldops.support.v1.TicketStatus.TICKET_STATUS_OPEN;
      case PENDING -> dev.fieldops.support.v1.TicketStatus.TICKET_STATUS_PENDING;
      case RESOLVED -> dev.fieldops.support.v1.TicketStatus.TICKET_STATUS_RESOLVED;
      case CLOSED -> dev.fieldops.support.v1.TicketStatus.TICKET_STATUS_CLOSED;
    };
  }

  public static Optional<TicketStatus> status(dev.fieldops.support.v1.TicketStatus status) {
    return switch (status) {
      case TICKET_STATUS_NEW -> Optional.of(TicketStatus.NEW);
      case TICKET_STATUS_OPEN -> Optional.of(TicketStatus.OPEN);
      case TICKET_STATUS_PENDING -> Optional.of(TicketStatus.PENDING);
      case TICKET_STATUS_RESOLVED -> Optional.of(TicketStatus.RESOLVED);
      case TICKET_STATUS_CLOSED -> Optional.of(TicketStatus.CLOSED);
      case TICKET_STATUS_UNSPECIFIED, UNRECOGNIZED -> Optional.empty();
    };
  }

  public static dev.fieldops.support.v1.TicketChannel channel(TicketChannel channel) {
    return switch (channel) {
      case EMAIL -> dev.fieldops.support.v1.TicketChannel.TICKET_CHANNEL_EMAIL;
      case PHONE -> dev.fieldops.support.v1.TicketChannel.TICKET_CHANNEL_PHONE;
      case CHAT -> dev.fieldops.support.v1.TicketChannel.TICKET_CHANNEL_CHAT;
      case API -> dev.fieldops.support.v1.TicketChannel.TICKET_CHANNEL_API;
      case TELEMETRY_ALERT -> dev.fieldops.support.v1.TicketChannel.TICKET_CHANNEL_TELEMETRY_ALERT;
    };
  }

  public static Optional<TicketChannel> channel(dev.fieldops.support.v1.TicketChannel channel) {
    return switch (channel) {
      case TICKET_CHANNEL_EMAIL -> Optional.of(TicketChannel.EMAIL);
      case TICKET_CHANNEL_PHONE -> Optional.of(TicketChannel.PHONE);
      case TICKET_CHANNEL_CHAT -> Optional.of(TicketChannel.CHAT);
      case TICKET_CHANNEL_API -> Optional.of(TicketChannel.API);
      case TICKET_CHANNEL_TELEMETRY_ALERT -> Optional.of(TicketChannel.TELEMETRY_ALERT);
      case TICKET_CHANNEL_UNSPECIFIED, UNRECOGNIZED -> Optional.empty();
    };
  }

  public static dev.fieldops.support.v1.SupportTier tier(SupportTier tier) {
    return switch (tier) {
      case BASIC -> dev.fieldops.support.v1.SupportTier.SUPPORT_TIER_BASIC;
      case STANDARD -> dev.fieldops.support.v1.SupportTier.SUPPORT_TIER_STANDARD;
      case PREMIUM -> dev.fieldops.support.v1.SupportTier.SUPPORT_TIER_PREMIUM;
    };
  }

  public static Optional<SupportTier> tier(dev.fieldops.support.v1.SupportTier tier) {
    return switch (tier) {
      case SUPPORT_TIER_BASIC -> Optional.of(SupportTier.BASIC);
      case SUPPORT_TIER_STANDARD -> Optional.of(SupportTier.STANDARD);
      case SUPPORT_TIER_PREMIUM -> Optional.of(SupportTier.PREMIUM);
      case SUPPORT_TIER_UNSPECIFIED, UNRECOGNIZED -> Optional.empty();
    };
  }

  public static dev.fieldops.support.v1.CommentVisibility visibility(CommentVisibility visibility) {
    return switch (visibility) {
      case PUBLIC -> dev.fieldops.support.v1.CommentVisibility.COMMENT_VISIBILITY_PUBLIC;
      case INTERNAL -> dev.fieldops.support.v1.CommentVisibility.COMMENT_VISIBILITY_INTERNAL;
    };
  }

  public static Optional<CommentVisibility> visibility(
      dev.fieldops.support.v1.CommentVisibility visibility) {
    return switch (visibility) {
      case COMMENT_VISIBILITY_PUBLIC -> Optional.of(CommentVisibility.PUBLIC);
      case COMMENT_VISIBILITY_INTERNAL -> Optional.of(CommentVisibility.INTERNAL);
      case COMMENT_VISIBILITY_UNSPECIFIED, UNRECOGNIZED -> Optional.empty();
    };
  }

  public static CommentAuthorKind authorKind(ActorKind kind) {
    return switch (kind) {
      case STAFF -> CommentAuthorKind.COMMENT_AUTHOR_KIND_STAFF;
      case CUSTOMER -> CommentAuthorKind.COMMENT_AUTHOR_KIND_CUSTOMER;
      case SYSTEM -> CommentAuthorKind.COMMENT_AUTHOR_KIND_SYSTEM;
    };
  }

  public static dev.fieldops.support.v1.SlaTarget slaTarget(SlaTarget target) {
    return switch (target) {
      case FIRST_RESPONSE -> dev.fieldops.support.v1.SlaTarget.SLA_TARGET_FIRST_RESPONSE;
      case RESOLUTION -> dev.fieldops.support.v1.SlaTarget.SLA_TARGET_RESOLUTION;
    };
  }

  public static dev.fieldops.support.v1.AccountStanding standing(AccountStanding standing) {
    return switch (standing) {
      case UNKNOWN -> dev.fieldops.support.v1.AccountStanding.ACCOUNT_STANDING_UNKNOWN;
      case GOOD -> dev.fieldops.support.v1.AccountStanding.ACCOUNT_STANDING_GOOD_STANDING;
      case OVERDUE -> dev.fieldops.support.v1.AccountStanding.ACCOUNT_STANDING_OVERDUE;
    };
  }

  // ---------------------------------------------------------------- views

  public static CustomerSupportDetails details(CustomerSupportDetailsView view) {
    var details =
        CustomerSupportDetails.newBuilder()
            .setCustomerId(view.customerId().value())
            .setContactName(view.contactName())
            .setEmail(view.email())
            .setPhone(view.phone())
            .setSupportTier(tier(view.supportTier()))
            .setNotes(view.notes().orElse(""))
            .setEtag(Etags.of(view.version()))
            .setCreateTime(timestamp(view.createTime()))
            .setUpdateTime(timestamp(view.updateTime()))
            .setOpenTicketCount(view.openTicketCount())
            .setAccountStanding(standing(view.accountStanding()))
            .setActiveAlertCount(view.activeAlertCount());
    for (TicketSummary summary : view.recentTickets()) {
      details.addRecentTickets(
          dev.fieldops.support.v1.TicketSummary.newBuilder()
              .setTicketId(summary.ticketId().toString())
              .setTicketNumber(summary.ticketNumber().toString())
              .setSubject(summary.subject())
              .setPriority(priority(summary.priority()))
              .setStatus(status(summary.status()))
              .setCreateTime(timestamp(summary.createTime()))
              .setUpdateTime(timestamp(summary.updateTime())));
    }
    return details.build();
  }

  public static Ticket ticket(TicketView view) {
    var sla = view.sla();
    var slaProto =
        TicketSla.newBuilder()
            .setFirstResponseDueTime(timestamp(sla.firstResponseDue()))
            .setResolutionDueTime(timestamp(sla.resolutionDue()))
            .setFirstResponseBreached(sla.firstResponseBreached())
            .setResolutionBreached(sla.resolutionBreached())
            .setPaused(sla.paused());
    sla.firstResponseTime().ifPresent(t -> slaProto.setFirstResponseTime(timestamp(t)));
    var ticket =
        Ticket.newBuilder()
            .setTicketId(view.ticketId().toString())
            .setTicketNumber(view.ticketNumber().toString())
            .setCustomerId(view.customerId().value())
            .setSubject(view.subject())
            .setDescription(view.description())
            .setPriority(priority(view.priority()))
            .setChannel(channel(view.channel()))
            .setDeviceId(view.deviceId().map(DeviceId::value).orElse(""))
            .setAlertId(view.alertId().map(AlertId::value).orElse(""))
            .setStatus(status(view.status()))
            .setAssignee(view.assignee().map(Assignee::subject).orElse(""))
            .addAllTags(view.tags())
            .setResolution(view.resolution().orElse(""))
            .setBillableMinutes(view.billableMinutes())
            .setSla(slaProto)
            .setEtag(Etags.of(view.revision()))
            .setCreateTime(timestamp(view.createTime()))
            .setUpdateTime(timestamp(view.updateTime()));
    view.resolveTime().ifPresent(t -> ticket.setResolveTime(timestamp(t)));
    view.closeTime().ifPresent(t -> ticket.setCloseTime(timestamp(t)));
    return ticket.build();
  }

  public static dev.fieldops.support.v1.TicketComment comment(TicketComment comment) {
    return dev.fieldops.support.v1.TicketComment.newBuilder()
        .setCommentId(comment.commentId().toString())
        .setTicketId(comment.ticketId().toString())
        .setAuthor(comment.author().subject())
        .setAuthorKind(authorKind(comment.author().kind()))
        .setVisibility(visibility(comment.visibility()))
        .setBody(comment.body())
        .setCreateTime(timestamp(comment.createTime()))
        .build();
  }
}
