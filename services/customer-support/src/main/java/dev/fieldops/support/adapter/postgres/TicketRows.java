package dev.fieldops.support.adapter.postgres;

import static dev.fieldops.support.adapter.postgres.jooq.Tables.TICKET;

import dev.fieldops.support.adapter.postgres.jooq.tables.records.TicketCommentRecord;
import dev.fieldops.support.adapter.postgres.jooq.tables.records.TicketRecord;
import dev.fieldops.support.domain.customer.CustomerId;
import dev.fieldops.support.domain.customer.CustomerScope;
import dev.fieldops.support.domain.customer.SupportTier;
import dev.fieldops.support.domain.shared.Actor;
import dev.fieldops.support.domain.shared.ActorKind;
import dev.fieldops.support.domain.ticket.AlertId;
import dev.fieldops.support.domain.ticket.Assignee;
import dev.fieldops.support.domain.ticket.CommentId;
import dev.fieldops.support.domain.ticket.CommentVisibility;
import dev.fieldops.support.domain.ticket.DeviceId;
import dev.fieldops.support.domain.ticket.SlaClock;
import dev.fieldops.support.domain.ticket.SlaTarget;
import dev.fieldops.support.domain.ticket.SlaTargets;
import dev.fieldops.support.domain.ticket.TicketChannel;
import dev.fieldops.support.domain.ticket.TicketComment;
import dev.fieldops.support.domain.ticket.TicketId;
import dev.fieldops.support.domain.ticket.TicketNumber;
import dev.fieldops.support.domain.ticket.TicketPriority;
import dev.fieldops.support.domain.ticket.TicketSnapshot;
import dev.fieldops.support.domain.ticket.TicketStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;

/** Rows of {@code ticket} and {@code ticket_comment} ↔ domain values, in exactly one place. */
final class TicketRows {

  private TicketRows() {}

  static TicketSnapshot snapshot(TicketRecord r) {
    var breached = EnumSet.noneOf(SlaTarget.class);
    if (r.getSlaFirstResponseBreached()) {
      breached.add(SlaTarget.FIRST_RESPONSE);
    }
    if (r.getSlaResolutionBreached()) {
      breached.add(SlaTarget.RESOLUTION);
    }
    var sla =
        new SlaClock(
            new SlaTargets(
                Duration.ofNanos(r.getSlaFirstResponseTargetNs()),
                Duration.ofNanos(r.getSlaResolutionTargetNs())),
            instant(r.getSlaFirstResponseDue()),
            instant(r.getSlaResolutionDue()),
            optional(r.getSlaFirstResponseTime()),
            optional(r.getSlaPausedSince()),
            optional(r.getSlaStoppedSince()),
            breached);
    return new TicketSnapshot(
        new TicketId(r.getTicketId()),
        new TicketNumber(Year.of(r.getTicketYear()), r.getTicketSeq()),
        CustomerId.of(r.getCustomerId()),
        r.getSubject(),
        r.getDescription(),
        TicketPriority.valueOf(r.getPriority()),
        TicketChannel.valueOf(r.getChannel()),
        Optional.ofNullable(r.getDeviceId()).map(DeviceId::new),
        Optional.ofNullable(r.getAlertId()).map(AlertId::new),
        List.of(r.getTags()),
        TicketStatus.valueOf(r.getStatus()),
        Optional.ofNullable(r.getAssignee()).map(Assignee::new),
        SupportTier.valueOf(r.getSlaTier()),
        sla,
        Optional.ofNullable(r.getResolution()),
        r.getBillableMinutes(),
        r.getVersion(),
        r.getRevision(),
        instant(r.getCreateTime()),
        instant(r.getUpdateTime()),
        optional(r.getResolveTime()),
        optional(r.getCloseTime()));
  }

  /** The complete row of a ticket. */
  static TicketRecord record(TicketSnapshot t) {
    var r = new TicketRecord();
    r.setTicketId(t.id().value());
    r.setTicketYear((short) t.number().year().getValue());
    r.setTicketSeq(t.number().sequence());
    r.setCustomerId(t.customerId().value());
    r.setChannel(t.channel().name());
    r.setDeviceId(t.deviceId().map(DeviceId::value).orElse(null));
    r.setAlertId(t.alertId().map(AlertId::value).orElse(null));
    r.setSlaTier(t.slaTier().name());
    r.setCreateTime(odt(t.createTime()));
    setMutable(r, t);
    return r;
  }

  /** Only the columns a change can touch: what an update writes. */
  static TicketRecord changes(TicketSnapshot t) {
    var r = new TicketRecord();
    setMutable(r, t);
    return r;
  }

  private static void setMutable(TicketRecord r, TicketSnapshot t) {
    var sla = t.sla();
    r.setSubject(t.subject());
    r.setDescription(t.description());
    r.setPriority(t.priority().name());
    r.setTags(t.tags().toArray(String[]::new));
    r.setStatus(t.status().name());
    r.setAssignee(t.assignee().map(Assignee::subject).orElse(null));
    r.setSlaFirstResponseTargetNs(sla.targets().firstResponse().toNanos());
    r.setSlaResolutionTargetNs(sla.targets().resolution().toNanos());
    r.setSlaFirstResponseDue(odt(sla.firstResponseDue()));
    r.setSlaResolutionDue(odt(sla.resolutionDue()));
    r.setSlaFirstResponseTime(sla.firstResponseTime().map(TicketRows::odt).orElse(null));
    r.setSlaPausedSince(sla.pausedSince().map(TicketRows::odt).orElse(null));
    r.setSlaStoppedSince(sla.stoppedSince().map(TicketRows::odt).orElse(null));
    r.setSlaFirstResponseBreached(sla.isBreached(SlaTarget.FIRST_RESPONSE));
    r.setSlaResolutionBreached(sla.isBreached(SlaTarget.RESOLUTION));
    r.setResolution(t.resolution().orElse(null));
    r.setBillableMinutes(t.billableMinutes());
    r.setVersion(t.version());
    r.setRevision(t.revision());
    r.setUpdateTime(odt(t.updateTime()));
    r.setResolveTime(t.resolveTime().map(TicketRows::odt).orElse(null));
    r.setCloseTime(t.closeTime().map(TicketRows::odt).orElse(null));
  }

  static TicketComment comment(TicketCommentRecord r) {
    return new TicketComment(
        new CommentId(r.getCommentId()),
        new TicketId(r.getTicketId()),
        CommentVisibility.valueOf(r.getVisibility()),
        new Actor(r.getAuthor(), ActorKind.valueOf(r.getAuthorKind())),
        r.getBody(),
        instant(r.getCreateTime()));
  }

  static TicketCommentRecord record(TicketComment c) {
    var r = new TicketCommentRecord();
    r.setCommentId(c.commentId().value());
    r.setTicketId(c.ticketId().value());
    r.setVisibility(c.visibility().name());
    r.setAuthor(c.author().subject());
    r.setAuthorKind(c.author().kind().name());
    r.setBody(c.body());
    r.setCreateTime(odt(c.createTime()));
    return r;
  }

  /** The caller's scope as a condition on a {@code customer_id} column. */
  static Condition inScope(CustomerScope scope, Field<String> customerId) {
    return scope
        .confinedTo()
        .map(customer -> customerId.eq(customer.value()))
        .orElse(DSL.noCondition());
  }

  /** The scope condition on the ticket table. */
  static Condition ticketInScope(CustomerScope scope) {
    return inScope(scope, TICKET.CUSTOMER_ID);
  }

  static OffsetDateTime odt(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  static Instant instant(OffsetDateTime time) {
    return time.toInstant();
  }

  private static Optional<Instant> optional(OffsetDateTime time) {
    return Optional.ofNullable(time).map(OffsetDateTime::toInstant);
  }
}
