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
 * TICKET_PRIORITY_NORMAL}); {@code *_UNSPECIFIED} has no domain counterpart and maps to {@link
 * Optional#empty()}.
 */
public final class SupportProtos {

  private SupportProtos() {}

  public static dev.fieldops.support.v1.TicketPriority priority(TicketPriority priority) {
    return dev.fieldops.support.v1.TicketPriority.valueOf("TICKET_PRIORITY_" + priority.name());
  }

  public static Optional<TicketPriority> priority(dev.fieldops.support.v1.TicketPriority priority) {
    return fromProto(priority.name(), "TICKET_PRIORITY_", TicketPriority.class);
  }

  public static dev.fieldops.support.v1.TicketStatus status(TicketStatus status) {
    return dev.fieldops.support.v1.TicketStatus.valueOf("TICKET_STATUS_" + status.name());
  }

  public static Optional<TicketStatus> status(dev.fieldops.support.v1.TicketStatus status) {
    return fromProto(status.name(), "TICKET_STATUS_", TicketStatus.class);
  }

  public static dev.fieldops.support.v1.TicketChannel channel(TicketChannel channel) {
    return dev.fieldops.support.v1.TicketChannel.valueOf("TICKET_CHANNEL_" + channel.name());
  }

  public static Optional<TicketChannel> channel(dev.fieldops.support.v1.TicketChannel channel) {
    return fromProto(channel.name(), "TICKET_CHANNEL_", TicketChannel.class);
  }

  public static dev.fieldops.support.v1.SupportTier tier(SupportTier tier) {
    return dev.fieldops.support.v1.SupportTier.valueOf("SUPPORT_TIER_" + tier.name());
  }

  public static Optional<SupportTier> tier(dev.fieldops.support.v1.SupportTier tier) {
    return fromProto(tier.name(), "SUPPORT_TIER_", SupportTier.class);
  }

  public static dev.fieldops.support.v1.CommentVisibility visibility(CommentVisibility visibility) {
    return dev.fieldops.support.v1.CommentVisibility.valueOf(
        "COMMENT_VISIBILITY_" + visibility.name());
  }

  public static Optional<CommentVisibility> visibility(
      dev.fieldops.support.v1.CommentVisibility visibility) {
    return fromProto(visibility.name(), "COMMENT_VISIBILITY_", CommentVisibility.class);
  }

  public static CommentAuthorKind authorKind(ActorKind kind) {
    return CommentAuthorKind.valueOf("COMMENT_AUTHOR_KIND_" + kind.name());
  }

  public static dev.fieldops.support.v1.SlaTarget slaTarget(SlaTarget target) {
    return dev.fieldops.support.v1.SlaTarget.valueOf("SLA_TARGET_" + target.name());
  }

  public static dev.fieldops.support.v1.AccountStanding standing(AccountStanding standing) {
    return switch (standing) {
      case UNKNOWN -> dev.fieldops.support.v1.AccountStanding.ACCOUNT_STANDING_UNKNOWN;
      case GOOD -> dev.fieldops.support.v1.AccountStanding.ACCOUNT_STANDING_GOOD_STANDING;
      case OVERDUE -> dev.fieldops.support.v1.AccountStanding.ACCOUNT_STANDING_OVERDUE;
    };
  }

  private static <E extends Enum<E>> Optional<E> fromProto(
      String protoName, String prefix, Class<E> type) {
    if (!protoName.startsWith(prefix) || protoName.endsWith("_UNSPECIFIED")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Enum.valueOf(type, protoName.substring(prefix.length())));
    } catch (IllegalArgumentException unknown) {
      return Optional.empty();
    }
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
