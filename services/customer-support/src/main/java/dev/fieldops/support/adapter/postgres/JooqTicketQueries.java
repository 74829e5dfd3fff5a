package dev.fieldops.support.adapter.postgres;

import static dev.fieldops.support.adapter.postgres.TicketRows.odt;
import static dev.fieldops.support.adapter.postgres.TicketRows.ticketInScope;
import static dev.fieldops.support.adapter.postgres.jooq.Tables.TICKET;
import static dev.fieldops.support.adapter.postgres.jooq.Tables.TICKET_COMMENT;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.row;

import dev.fieldops.jooq.Transactor;
import dev.fieldops.kernel.paging.Page;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.support.application.query.TicketFilter;
import dev.fieldops.support.application.query.TicketQueries;
import dev.fieldops.support.domain.customer.CustomerScope;
import dev.fieldops.support.domain.ticket.AlertId;
import dev.fieldops.support.domain.ticket.CommentVisibility;
import dev.fieldops.support.domain.ticket.TicketComment;
import dev.fieldops.support.domain.ticket.TicketId;
import dev.fieldops.support.domain.ticket.TicketSnapshot;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;

/**
 * Ticket reads: one indexed query per call, the scope in its {@code WHERE} clause, keyset
 * pagination on {@code (create_time, id)} (see the list indexes in V1). Reads run in the
 * transaction open on the thread if there is one, otherwise as a single auto-committed statement; a
 * single ticket read outside a transaction may come from the {@link TicketCache}.
 */
public final class JooqTicketQueries implements TicketQueries {

  private final DSLContext dsl;
  private final Transactor transactor;
  private final TicketCache cache;

  /**
   * Reads single tickets outside transactions through {@code cache} ({@link TicketCache#disabled()}
   * for none).
   */
  public JooqTicketQueries(DSLContext dsl, Transactor transactor, TicketCache cache) {
    this.dsl = dsl;
    this.transactor = transactor;
    this.cache = cache;
  }

  private DSLContext db() {
    return transactor.current().orElse(dsl);
  }

  @Override
  public Optional<TicketSnapshot> findTicket(TicketId id, CustomerScope scope) {
    var tx = transactor.current();
    if (tx.isPresent()) {
      // A transaction sees its own uncommitted changes, which no cache holds.
      return selectTicket(tx.get(), id, scope);
    }
    return cache.get(id, scope, () -> selectTicket(dsl, id, scope));
  }

  private static Optional<TicketSnapshot> selectTicket(
      DSLContext db, TicketId id, CustomerScope scope) {
    return TicketRows.fetchOptional(
        db.selectFrom(TICKET).where(TICKET.TICKET_ID.eq(id.value()).and(ticketInScope(scope))));
  }

  @Override
  public Optional<TicketSnapshot> findTicketForAlert(AlertId alertId, CustomerScope scope) {
    // Answered by the unique index of ticket_alert_unique (V2).
    return TicketRows.fetchOptional(
        db().selectFrom(TICKET)
            .where(TICKET.ALERT_ID.eq(alertId.value()).and(ticketInScope(scope))));
  }

  @Override
  public Page<TicketSnapshot> listTickets(
      TicketFilter filter, CustomerScope scope, PageRequest page) {
    Condition where =
        ticketInScope(scope)
            .and(
                filter
                    .customerId()
                    .map(c -> TICKET.CUSTOMER_ID.eq(c.value()))
                    .orElse(noCondition()))
            .and(
                filter.statuses().isEmpty()
                    ? noCondition()
                    : TICKET.STATUS.in(filter.statuses().stream().map(Enum::name).toList()))
            .and(
                filter.priorities().isEmpty()
                    ? noCondition()
                    : TICKET.PRIORITY.in(filter.priorities().stream().map(Enum::name).toList()))
            .and(filter.assignee().map(a -> TICKET.ASSIGNEE.eq(a.subject())).orElse(noCondition()));
    if (page.afterCursor().isPresent()) {
      var after = KeysetCursor.decode(page.afterCursor().get());
      where =
          where.and(row(TICKET.CREATE_TIME, TICKET.TICKET_ID).lt(odt(after.time()), after.id()));
    }
    var rows =
        TicketRows.fetch(
            db().selectFrom(TICKET)
                .where(where)
                .orderBy(TICKET.CREATE_TIME.desc(), TICKET.TICKET_ID.desc())
                .limit(page.size() + 1));
    return page(rows, page, t -> new KeysetCursor(t.createTime(), t.id().value()));
  }

  @Override
  public Optional<Page<TicketComment>> listComments(
      TicketId ticketId, CustomerScope scope, boolean includeInternal, PageRequest page) {
    var db = db();
    if (!db.fetchExists(TICKET, TICKET.TICKET_ID.eq(ticketId.value()).and(ticketInScope(scope)))) {
      return Optional.empty();
    }
    Condition where =
        TICKET_COMMENT
            .TICKET_ID
            .eq(ticketId.value())
            .and(
                includeInternal
                    ? noCondition()
                    : TICKET_COMMENT.VISIBILITY.eq(CommentVisibility.PUBLIC.name()));
    if (page.afterCursor().isPresent()) {
      var after = KeysetCursor.decode(page.afterCursor().get());
      where =
          where.and(
              row(TICKET_COMMENT.CREATE_TIME, TICKET_COMMENT.COMMENT_ID)
                  .gt(odt(after.time()), after.id()));
    }
    var rows =
        db.selectFrom(TICKET_COMMENT)
            .where(where)
            .orderBy(TICKET_COMMENT.CREATE_TIME.asc(), TICKET_COMMENT.COMMENT_ID.asc())
            .limit(page.size() + 1)
            .fetch(TicketRows::comment);
    return Optional.of(
        page(rows, page, c -> new KeysetCursor(c.createTime(), c.commentId().value())));
  }

  /** The page of {@code rows} (fetched with one extra row to learn whether more follow). */
  private static <T> Page<T> page(List<T> rows, PageRequest page, Function<T, KeysetCursor> keyOf) {
    if (rows.size() <= page.size()) {
      return Page.last(rows);
    }
    var shown = rows.subList(0, page.size());
    return new Page<>(shown, Optional.of(keyOf.apply(shown.getLast()).encode()));
  }
}
