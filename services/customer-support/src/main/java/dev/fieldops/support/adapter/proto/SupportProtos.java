package dev.fieldops.support.adapter.proto;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import dev.fieldops.support.application.query.AccountStanding;
import dev.fieldops.support.domain.customer.SupportTier;
import dev.fieldops.support.domain.shared.ActorKind;
import dev.fieldops.support.domain.ticket.CommentVisibility;
import dev.fieldops.support.domain.ticket.SlaTarget;
import dev.fieldops.support.domain.ticket.TicketChannel;
import dev.fieldops.support.domain.ticket.TicketPriority;
import dev.fieldops.support.domain.ticket.TicketStatus;
import dev.fieldops.support.v1.CommentAuthorKind;
import java.time.Instant;
import java.util.Optional;

/**
 * Domain values ↔ contract values. Contract enum constants are the domain constant's name with the
 * enum's prefix ({@code NORMAL} ↔ {@code TICKET_PRIORITY_NORMAL}); {@code *_UNSPECIFIED} has no
 * domain counterpart and maps to {@link Optional#empty()}.
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

  public static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }

  public static Duration duration(java.time.Duration duration) {
    return Duration.newBuilder()
        .setSeconds(duration.getSeconds())
        .setNanos(duration.getNano())
        .build();
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
}
