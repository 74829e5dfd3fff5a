package dev.fieldops.support.adapter.postgres;

import static dev.fieldops.support.adapter.postgres.TicketRows.CHANGEABLE;
import static dev.fieldops.support.adapter.postgres.TicketRows.odt;
import static dev.fieldops.support.adapter.postgres.jooq.Tables.TICKET;
import static dev.fieldops.support.adapter.postgres.jooq.Tables.TICKET_COMMENT;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.not;

import dev.fieldops.jooq.FixedStatement;
import dev.fieldops.jooq.Transactor;
import dev.fieldops.kernel.AlreadyExistsException;
import dev.fieldops.nats.outbox.OutboxEncoder;
import dev.fieldops.nats.outbox.OutboxWriter;
import dev.fieldops.support.domain.customer.CustomerScope;
import dev.fieldops.support.domain.shared.SupportEvent;
import dev.fieldops.support.domain.ticket.Ticket;
import dev.fieldops.support.domain.ticket.TicketComment;
import dev.fieldops.support.domain.ticket.TicketId;
import dev.fieldops.support.domain.ticket.TicketRepository;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Tickets in PostgreSQL. {@link #update} is one transaction (or part of the caller's): {@code
 * SELECT … FOR UPDATE} with the caller's scope in the {@code WHERE} clause, apply the change, write
 * the columns a change can touch, the new comments and the outbox rows of the events. A change that
 * raised no event writes nothing. The ticket's insert, read by id and update and the comments'
 * insert run hundreds of times a second: they are {@link FixedStatement}s, rendered once.
 */
public final class JooqTicketRepository implements TicketRepository {

  private static final List<String> RUNNING = List.of("NEW", "OPEN");

  // jOOQ rendering the insert's 33 columns anew for every ticket took a quarter of CreateTicket's
  // request threads' CPU.
  private static final FixedStatement INSERT =
      FixedStatement.of(
          FixedStatement.columnNames(TICKET),
          FixedStatement.insertEveryColumn(TICKET)
              .onConflictDoNothing()
              .returningResult(TICKET.TICKET_ID));

  // A comment, the system's notes included, goes in with the change that adds it.
  private static final FixedStatement INSERT_COMMENT =
      FixedStatement.of(
          FixedStatement.columnNames(TICKET_COMMENT),
          FixedStatement.insertEveryColumn(TICKET_COMMENT));

  // Every change of a ticket runs it: the changeable columns, then the ticket's id.
  private static final FixedStatement CHANGE =
      FixedStatement.of(
          Stream.concat(FixedStatement.columnNames(CHANGEABLE).stream(), Stream.of("ticket_id"))
              .toList(),
          FixedStatement.updateColumns(TICKET, CHANGEABLE)
              .where(TICKET.TICKET_ID.eq(DSL.param("ticket_id", TICKET.TICKET_ID.getDataType()))));

  private final DSLContext dsl;
  private final Transactor transactor;
  private final OutboxWriter outbox;
  private final OutboxEncoder<SupportEvent> events;
  private final TicketCache cache;

  /**
   * Tells {@code cache} about each change once it committed, before the caller answers; {@code
   * events} turns the ticket's events into the outbox rows written with the change.
   */
  public JooqTicketRepository(
      DSLContext dsl,
      Transactor transactor,
      OutboxWriter outbox,
      OutboxEncoder<SupportEvent> events,
      TicketCache cache) {
    this.dsl = dsl;
    this.transactor = transactor;
    this.outbox = outbox;
    this.events = events;
    this.cache = cache;
  }

  @Override
  public void add(Ticket ticket) {
    transactor.joinedRun(
        tx -> {
          var snapshot = ticket.snapshot();
          // ON CONFLICT DO NOTHING rather than catching the unique violation: a failed statement
          // would abort the caller's whole transaction, not just this insert.
          boolean inserted =
              INSERT.query(
                  tx,
                  results -> results.next().next(),
                  FixedStatement.everyValue(TicketRows.record(snapshot)));
          if (!inserted) {
            var alertId = snapshot.alertId();
            if (alertId.isPresent()) {
              var alertTicket =
                  tx.select(TICKET.TICKET_ID)
                      .from(TICKET)
                      .where(TICKET.ALERT_ID.eq(alertId.get().value()))
                      .fetchOptional(TICKET.TICKET_ID);
              if (alertTicket.isPresent()) {
                throw new AlreadyExistsException(
                    "ALERT_TICKET_ALREADY_EXISTS",
                    "alert " + alertId.get() + " already has ticket " + alertTicket.get(),
                    Map.of(
                        "alert_id", alertId.get().value(),
                        "ticket_id", alertTicket.get().toString()));
              }
            }
            throw new AlreadyExistsException(
                "TICKET_ALREADY_EXISTS",
                "ticket " + ticket.id() + " or number " + ticket.number() + " already exists",
                Map.of("ticket_id", ticket.id().toString()));
          }
          insertComments(tx, ticket.pullAddedComments());
          outbox.appendAll(tx, events.encodeAll(ticket.pullEvents()));
        });
  }

  @Override
  public Optional<Ticket> find(TicketId id, CustomerScope scope) {
    return TicketRows.byId(transactor.current().orElse(dsl), id, scope, false).map(Ticket::restore);
  }

  @Override
  public Ticket update(TicketId id, CustomerScope scope, Consumer<Ticket> change) {
    return transactor.joined(
        tx -> {
          var before = TicketRows.byId(tx, id, scope, true).orElseThrow(() -> Ticket.notFound(id));
          var ticket = Ticket.restore(before);
          change.accept(ticket);
          var raised = ticket.pullEvents();
          var comments = ticket.pullAddedComments();
          if (raised.isEmpty() && comments.isEmpty()) {
            return ticket;
          }
          Object[] changed =
              FixedStatement.valuesOf(TicketRows.changes(ticket.snapshot()), CHANGEABLE);
          Object[] values = Arrays.copyOf(changed, changed.length + 1);
          values[changed.length] = id.value();
          CHANGE.query(tx, results -> null, values);
          insertComments(tx, comments);
          outbox.appendAll(tx, events.encodeAll(raised));
          // Before the caller answers, not when the trigger's announcement arrives: a client
          // reads its own write on this instance.
          long version = ticket.snapshot().version();
          transactor.afterCommit(() -> cache.changed(id, version));
          return ticket;
        });
  }

  @Override
  public List<TicketId> findSlaBreachCandidates(Instant now, int limit) {
    OffsetDateTime at = odt(now);
    Field<UUID> id = TICKET.TICKET_ID.as("ticket_id");
    Field<OffsetDateTime> due = TICKET.SLA_FIRST_RESPONSE_DUE.as("due");
    // One index range scan per target (see the partial indexes in V1), each already limited;
    // a ticket overdue on both targets is listed once, by its earlier due time.
    var firstResponse =
        dsl.select(id, due)
            .from(TICKET)
            .where(TICKET.STATUS.in(RUNNING))
            .and(TICKET.SLA_FIRST_RESPONSE_TIME.isNull())
            .and(not(TICKET.SLA_FIRST_RESPONSE_BREACHED))
            .and(TICKET.SLA_FIRST_RESPONSE_DUE.lt(at))
            .orderBy(TICKET.SLA_FIRST_RESPONSE_DUE)
            .limit(limit);
    var resolution =
        dsl.select(TICKET.TICKET_ID, TICKET.SLA_RESOLUTION_DUE)
            .from(TICKET)
            .where(TICKET.STATUS.in(RUNNING))
            .and(not(TICKET.SLA_RESOLUTION_BREACHED))
            .and(TICKET.SLA_RESOLUTION_DUE.lt(at))
            .orderBy(TICKET.SLA_RESOLUTION_DUE)
            .limit(limit);
    var overdue = firstResponse.unionAll(resolution).asTable("overdue");
    Field<UUID> overdueId = overdue.field(name("ticket_id"), UUID.class);
    Field<OffsetDateTime> overdueDue = overdue.field(name("due"), OffsetDateTime.class);
    return transactor
        .current()
        .orElse(dsl)
        .select(overdueId)
        .from(overdue)
        .groupBy(overdueId)
        .orderBy(min(overdueDue), overdueId)
        .limit(limit)
        .fetch(overdueId)
        .stream()
        .map(TicketId::new)
        .toList();
  }

  private static void insertComments(DSLContext tx, List<TicketComment> comments) {
    // One command adds at most one comment; no batching needed.
    for (var comment : comments) {
      INSERT_COMMENT.query(
          tx, results -> null, FixedStatement.everyValue(TicketRows.record(comment)));
    }
  }
}
