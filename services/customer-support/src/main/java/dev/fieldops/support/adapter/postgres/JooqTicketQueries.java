package dev.fieldops.support.adapter.postgres;

import static dev.fieldops.support.adapter.postgres.TicketRows.odt;
import static dev.fieldops.support.adapter.postgres.TicketRows.ticketInScope;
import static dev.fieldops.support.adapter.postgres.jooq.Tables.TICKET;
import static dev.fieldops.support.adapter.postgres.jooq.Tables.TICKET_COMMENT;
import static org.jooq.impl.DSL.any;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.row;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.fieldops.jooq.FixedStatement;
import dev.fieldops.jooq.PageLimit;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.impl.DSL;

/**
 * Ticket reads: one indexed query per call, the scope in its {@code WHERE} clause, keyset
 * pagination on {@code (create_time, id)} (see the list indexes in V1). Reads run in the
 * transaction open on the thread if there is one, otherwise as a single auto-committed statement.
 * Outside a transaction, a single ticket may come from the {@link TicketCache}, and so may the rows
 * of a ticket page: its statement then reads ids and versions, and only the tickets not kept at
 * those versions are read whole.
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
    return TicketRows.byId(db, id, scope, false);
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
    // The filters present pick the statement; their values are bound in the statement's order.
    int shape = 0;
    var values = new ArrayList<Object>(8);
    if (scope.confinedTo().isPresent()) {
      shape |= SCOPED;
      values.add(scope.confinedTo().get().value());
    }
    if (filter.customerId().isPresent()) {
      shape |= BY_CUSTOMER;
      values.add(filter.customerId().get().value());
    }
    if (!filter.statuses().isEmpty()) {
      shape |= BY_STATUS;
      values.add(filter.statuses().stream().map(Enum::name).toArray(String[]::new));
    }
    if (!filter.priorities().isEmpty()) {
      shape |= BY_PRIORITY;
      values.add(filter.priorities().stream().map(Enum::name).toArray(String[]::new));
    }
    if (filter.assignee().isPresent()) {
      shape |= BY_ASSIGNEE;
      values.add(filter.assignee().get().subject());
    }
    if (page.afterCursor().isPresent()) {
      shape |= AFTER_CURSOR;
      var after = KeysetCursor.decode(page.afterCursor().get());
      values.add(odt(after.time()));
      values.add(after.id());
    }
    if (transactor.current().isEmpty() && cache.serving()) {
      var listed = listFromCache(new ListShape(shape, page.size(), true), values.toArray(), page);
      if (listed.isPresent()) {
        return listed.get();
      }
    }
    var rows =
        LIST_STATEMENTS
            .get(new ListShape(shape, page.size(), false), JooqTicketQueries::listStatement)
            .query(db(), results -> TicketRows.read(results.next()), values.toArray());
    return page(rows, page, JooqTicketQueries::cursorOf);
  }

  private static KeysetCursor cursorOf(TicketSnapshot ticket) {
    return new KeysetCursor(ticket.createTime(), ticket.id().value());
  }

  /**
   * The page as the whole statement would list it, the tickets' rows taken from the cache: the
   * statement reads only each ticket's id and version, and a kept snapshot of that version is that
   * row; the others are read by id. Empty when one of those changed after the listing.
   */
  private Optional<Page<TicketSnapshot>> listFromCache(
      ListShape keysOnly, Object[] values, PageRequest page) {
    List<TicketCache.Listed> keys =
        LIST_STATEMENTS
            .get(keysOnly, JooqTicketQueries::listStatement)
            .query(dsl, results -> listed(results.next()), values);
    var shown = keys.size() > page.size() ? keys.subList(0, page.size()) : keys;
    return cache
        .getAll(shown, ids -> TicketRows.byIds(dsl, ids))
        .map(
            tickets ->
                keys.size() > page.size()
                    ? new Page<>(tickets, Optional.of(cursorOf(tickets.getLast()).encode()))
                    : Page.last(tickets));
  }

  private static List<TicketCache.Listed> listed(ResultSet rows) throws SQLException {
    var listed = new ArrayList<TicketCache.Listed>();
    while (rows.next()) {
      listed.add(
          new TicketCache.Listed(new TicketId(rows.getObject(1, UUID.class)), rows.getLong(2)));
    }
    return listed;
  }

  // ListTickets' filters, bits of a statement's shape, in the order their values are bound.
  private static final int SCOPED = 1;
  private static final int BY_CUSTOMER = 2;
  private static final int BY_STATUS = 4;
  private static final int BY_PRIORITY = 8;
  private static final int BY_ASSIGNEE = 16;
  private static final int AFTER_CURSOR = 32;

  /**
   * A ListTickets statement's filters (bits above), page size (which is in its text), and whether
   * it reads only each ticket's id and version (for the cache) or the whole row.
   */
  private record ListShape(int filters, int pageSize, boolean keysOnly) {}

  // One statement per combination of filters (at most 64), page size (PageLimit: a bound limit
  // would make PostgreSQL plan every page anew) and columns, each rendered at its first use.
  // Clients use a few page sizes; the bound keeps one that tries them all from growing the map.
  private static final Cache<ListShape, FixedStatement> LIST_STATEMENTS =
      Caffeine.newBuilder().maximumSize(256).build();

  private static FixedStatement listStatement(ListShape listShape) {
    int shape = listShape.filters();
    var parameters = new ArrayList<String>();
    Condition where = noCondition();
    if ((shape & SCOPED) != 0) {
      where = where.and(TICKET.CUSTOMER_ID.eq(named("scope_customer_id", TICKET.CUSTOMER_ID)));
      parameters.add("scope_customer_id");
    }
    if ((shape & BY_CUSTOMER) != 0) {
      where = where.and(TICKET.CUSTOMER_ID.eq(named("customer_id", TICKET.CUSTOMER_ID)));
      parameters.add("customer_id");
    }
    if ((shape & BY_STATUS) != 0) {
      where = where.and(TICKET.STATUS.eq(any(namedArray("statuses", TICKET.STATUS))));
      parameters.add("statuses");
    }
    if ((shape & BY_PRIORITY) != 0) {
      where = where.and(TICKET.PRIORITY.eq(any(namedArray("priorities", TICKET.PRIORITY))));
      parameters.add("priorities");
    }
    if ((shape & BY_ASSIGNEE) != 0) {
      where = where.and(TICKET.ASSIGNEE.eq(named("assignee", TICKET.ASSIGNEE)));
      parameters.add("assignee");
    }
    if ((shape & AFTER_CURSOR) != 0) {
      where =
          where.and(
              row(TICKET.CREATE_TIME, TICKET.TICKET_ID)
                  .lt(
                      named("after_create_time", TICKET.CREATE_TIME),
                      named("after_ticket_id", TICKET.TICKET_ID)));
      parameters.add("after_create_time");
      parameters.add("after_ticket_id");
    }
    return FixedStatement.of(
        parameters,
        (listShape.keysOnly()
                ? DSL.select(TICKET.TICKET_ID, TICKET.VERSION).from(TICKET)
                : DSL.selectFrom(TICKET))
            .where(where)
            .orderBy(TICKET.CREATE_TIME.desc(), TICKET.TICKET_ID.desc())
            .limit(PageLimit.of(PageRequest.first(listShape.pageSize()))));
  }

  private static <T> Param<T> named(String name, Field<T> column) {
    return DSL.param(name, column.getDataType());
  }

  private static Param<String[]> namedArray(String name, Field<String> column) {
    return DSL.param(name, column.getDataType().array());
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
            .limit(PageLimit.of(page))
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
