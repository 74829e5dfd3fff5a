package dev.fieldops.support.adapter.postgres;

import static dev.fieldops.support.adapter.postgres.jooq.Tables.TICKET;

import dev.fieldops.jooq.FixedStatement;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.ResultQuery;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/** Rows of {@code ticket} and {@code ticket_comment} ↔ domain values, in exactly one place. */
final class TicketRows {

  private TicketRows() {}

  // The ticket row's columns as selectFrom(TICKET) returns them (its fields' order), 1-based.
  private static final int TICKET_ID = column(TICKET.TICKET_ID);
  private static final int TICKET_YEAR = column(TICKET.TICKET_YEAR);
  private static final int TICKET_SEQ = column(TICKET.TICKET_SEQ);
  private static final int CUSTOMER_ID = column(TICKET.CUSTOMER_ID);
  private static final int SUBJECT = column(TICKET.SUBJECT);
  private static final int DESCRIPTION = column(TICKET.DESCRIPTION);
  private static final int PRIORITY = column(TICKET.PRIORITY);
  private static final int CHANNEL = column(TICKET.CHANNEL);
  private static final int DEVICE_ID = column(TICKET.DEVICE_ID);
  private static final int ALERT_ID = column(TICKET.ALERT_ID);
  private static final int TAGS = column(TICKET.TAGS);
  private static final int STATUS = column(TICKET.STATUS);
  private static final int ASSIGNEE = column(TICKET.ASSIGNEE);
  private static final int SLA_TIER = column(TICKET.SLA_TIER);
  private static final int SLA_FIRST_RESPONSE_TARGET_NS =
      column(TICKET.SLA_FIRST_RESPONSE_TARGET_NS);
  private static final int SLA_RESOLUTION_TARGET_NS = column(TICKET.SLA_RESOLUTION_TARGET_NS);
  private static final int SLA_FIRST_RESPONSE_DUE = column(TICKET.SLA_FIRST_RESPONSE_DUE);
  private static final int SLA_RESOLUTION_DUE = column(TICKET.SLA_RESOLUTION_DUE);
  private static final int SLA_FIRST_RESPONSE_TIME = column(TICKET.SLA_FIRST_RESPONSE_TIME);
  private static final int SLA_PAUSED_SINCE = column(TICKET.SLA_PAUSED_SINCE);
  private static final int SLA_STOPPED_SINCE = column(TICKET.SLA_STOPPED_SINCE);
  private static final int SLA_FIRST_RESPONSE_BREACHED = column(TICKET.SLA_FIRST_RESPONSE_BREACHED);
  private static final int SLA_RESOLUTION_BREACHED = column(TICKET.SLA_RESOLUTION_BREACHED);
  private static final int RESOLUTION = column(TICKET.RESOLUTION);
  private static final int BILLABLE_MINUTES = column(TICKET.BILLABLE_MINUTES);
  private static final int VERSION = column(TICKET.VERSION);
  private static final int CREATE_TIME = column(TICKET.CREATE_TIME);
  private static final int UPDATE_TIME = column(TICKET.UPDATE_TIME);
  private static final int RESOLVE_TIME = column(TICKET.RESOLVE_TIME);
  private static final int CLOSE_TIME = column(TICKET.CLOSE_TIME);
  private static final int REVISION = column(TICKET.REVISION);

  private static int column(Field<?> field) {
    int index = TICKET.indexOf(field);
    if (index < 0) {
      throw new IllegalStateException("not a column of ticket: " + field);
    }
    return index + 1;
  }

  /**
   * The tickets {@code query} (a {@code selectFrom(TICKET)}) finds, in its order. The rows are read
   * by position straight from the JDBC result: jOOQ's records (a binding, a converter and a lookup
   * per value) took a quarter of a page of 50 tickets' CPU.
   */
  static List<TicketSnapshot> fetch(ResultQuery<TicketRecord> query) {
    try (var cursor = query.fetchLazy()) {
      return read(cursor.resultSet());
    } catch (SQLException e) {
      throw new DataAccessException("cannot read tickets: " + e.getMessage(), e);
    }
  }

  /** The tickets of {@code rows}, the result of a {@code selectFrom(TICKET)}, in their order. */
  static List<TicketSnapshot> read(ResultSet rows) throws SQLException {
    var tickets = new ArrayList<TicketSnapshot>();
    while (rows.next()) {
      tickets.add(snapshot(rows));
    }
    return tickets;
  }

  // A ticket by id, the statement rendered once per shape: [confined to a customer][row-locked].
  private static final FixedStatement[][] BY_ID = {
    {byId(false, false), byId(false, true)}, {byId(true, false), byId(true, true)}
  };

  private static FixedStatement byId(boolean confined, boolean locked) {
    var where = TICKET.TICKET_ID.eq(DSL.param("ticket_id", TICKET.TICKET_ID.getDataType()));
    var parameters = new ArrayList<>(List.of("ticket_id"));
    if (confined) {
      where =
          where.and(
              TICKET.CUSTOMER_ID.eq(
                  DSL.param("scope_customer_id", TICKET.CUSTOMER_ID.getDataType())));
      parameters.add("scope_customer_id");
    }
    var select = DSL.selectFrom(TICKET).where(where);
    return FixedStatement.of(parameters, locked ? select.forUpdate() : select);
  }

  /**
   * The ticket {@code id} in {@code scope}, if there is one, read on {@code db} and, when {@code
   * locked}, row-locked ({@code FOR UPDATE}) for the rest of {@code db}'s transaction.
   */
  static Optional<TicketSnapshot> byId(
      DSLContext db, TicketId id, CustomerScope scope, boolean locked) {
    Optional<CustomerId> confined = scope.confinedTo();
    var statement = BY_ID[confined.isPresent() ? 1 : 0][locked ? 1 : 0];
    FixedStatement.Reader<List<TicketSnapshot>> reader = results -> read(results.next());
    var tickets =
        confined.isPresent()
            ? statement.query(db, reader, id.value(), confined.get().value())
            : statement.query(db, reader, id.value());
    return tickets.stream().findFirst();
  }

  private static final FixedStatement BY_IDS =
      FixedStatement.of(
          List.of("ticket_ids"),
          DSL.selectFrom(TICKET)
              .where(
                  TICKET.TICKET_ID.eq(
                      DSL.any(DSL.param("ticket_ids", TICKET.TICKET_ID.getDataType().array())))));

  /** The tickets among {@code ids} that exist, read on {@code db}, in no particular order. */
  static List<TicketSnapshot> byIds(DSLContext db, List<TicketId> ids) {
    var values = ids.stream().map(TicketId::value).toArray(UUID[]::new);
    return BY_IDS.query(db, results -> read(results.next()), (Object) values);
  }

  /** The ticket {@code query} (a {@code selectFrom(TICKET)} of at most one row) finds, if any. */
  static Optional<TicketSnapshot> fetchOptional(ResultQuery<TicketRecord> query) {
    var tickets = fetch(query);
    if (tickets.size() > 1) {
      throw new IllegalStateException("expected at most one ticket, found " + tickets.size());
    }
    return tickets.stream().findFirst();
  }

  private static TicketSnapshot snapshot(ResultSet r) throws SQLException {
    var breached = EnumSet.noneOf(SlaTarget.class);
    if (r.getBoolean(SLA_FIRST_RESPONSE_BREACHED)) {
      breached.add(SlaTarget.FIRST_RESPONSE);
    }
    if (r.getBoolean(SLA_RESOLUTION_BREACHED)) {
      breached.add(SlaTarget.RESOLUTION);
    }
    var sla =
        new SlaClock(
            new SlaTargets(
                Duration.ofNanos(r.getLong(SLA_FIRST_RESPONSE_TARGET_NS)),
                Duration.ofNanos(r.getLong(SLA_RESOLUTION_TARGET_NS))),
            instant(r, SLA_FIRST_RESPONSE_DUE),
            instant(r, SLA_RESOLUTION_DUE),
            optionalInstant(r, SLA_FIRST_RESPONSE_TIME),
            optionalInstant(r, SLA_PAUSED_SINCE),
            optionalInstant(r, SLA_STOPPED_SINCE),
            breached);
    return new TicketSnapshot(
        new TicketId(r.getObject(TICKET_ID, UUID.class)),
        new TicketNumber(Year.of(r.getShort(TICKET_YEAR)), r.getLong(TICKET_SEQ)),
        CustomerId.of(r.getString(CUSTOMER_ID)),
        r.getString(SUBJECT),
        r.getString(DESCRIPTION),
        TicketPriority.valueOf(r.getString(PRIORITY)),
        TicketChannel.valueOf(r.getString(CHANNEL)),
        Optional.ofNullable(r.getString(DEVICE_ID)).map(DeviceId::new),
        Optional.ofNullable(r.getString(ALERT_ID)).map(AlertId::new),
        List.of((String[]) r.getArray(TAGS).getArray()),
        TicketStatus.valueOf(r.getString(STATUS)),
        Optional.ofNullable(r.getString(ASSIGNEE)).map(Assignee::new),
        SupportTier.valueOf(r.getString(SLA_TIER)),
        sla,
        Optional.ofNullable(r.getString(RESOLUTION)),
        r.getInt(BILLABLE_MINUTES),
        r.getLong(VERSION),
        r.getLong(REVISION),
        instant(r, CREATE_TIME),
        instant(r, UPDATE_TIME),
        optionalInstant(r, RESOLVE_TIME),
        optionalInstant(r, CLOSE_TIME));
  }

  private static Instant instant(ResultSet r, int column) throws SQLException {
    return r.getObject(column, OffsetDateTime.class).toInstant();
  }

  private static Optional<Instant> optionalInstant(ResultSet r, int column) throws SQLException {
    return Optional.ofNullable(r.getObject(column, OffsetDateTime.class))
        .map(OffsetDateTime::toInstant);
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

  /** The columns a change can touch, in the order an update writes them ({@link #changes}). */
  static final List<Field<?>> CHANGEABLE =
      List.of(
          TICKET.SUBJECT,
          TICKET.DESCRIPTION,
          TICKET.PRIORITY,
          TICKET.TAGS,
          TICKET.STATUS,
          TICKET.ASSIGNEE,
          TICKET.SLA_FIRST_RESPONSE_TARGET_NS,
          TICKET.SLA_RESOLUTION_TARGET_NS,
          TICKET.SLA_FIRST_RESPONSE_DUE,
          TICKET.SLA_RESOLUTION_DUE,
          TICKET.SLA_FIRST_RESPONSE_TIME,
          TICKET.SLA_PAUSED_SINCE,
          TICKET.SLA_STOPPED_SINCE,
          TICKET.SLA_FIRST_RESPONSE_BREACHED,
          TICKET.SLA_RESOLUTION_BREACHED,
          TICKET.RESOLUTION,
          TICKET.BILLABLE_MINUTES,
          TICKET.VERSION,
          TICKET.REVISION,
          TICKET.UPDATE_TIME,
          TICKET.RESOLVE_TIME,
          TICKET.CLOSE_TIME);

  /** Only the columns a change can touch ({@link #CHANGEABLE}): what an update writes. */
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
}
