package dev.fieldops.support.adapter.postgres;

import static dev.fieldops.support.adapter.postgres.TicketRows.instant;
import static dev.fieldops.support.adapter.postgres.TicketRows.odt;
import static dev.fieldops.support.adapter.postgres.jooq.Tables.TICKET_ENRICHMENT;

import dev.fieldops.jooq.Transactor;
import dev.fieldops.kernel.Text;
import dev.fieldops.support.adapter.postgres.jooq.tables.records.TicketEnrichmentRecord;
import dev.fieldops.support.application.event.PendingEnrichment;
import dev.fieldops.support.application.event.PendingEnrichments;
import dev.fieldops.support.application.event.ReadingMetric;
import dev.fieldops.support.domain.ticket.DeviceId;
import dev.fieldops.support.domain.ticket.TicketId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * {@code ticket_enrichment}. {@link #complete} deletes the row first: a concurrent completion waits
 * on the row lock and then finds nothing to delete, so only one of them adds the note.
 */
public final class JooqPendingEnrichments implements PendingEnrichments {

  /** Error texts are for operators; telemetry's messages must not bloat the table. */
  private static final int MAX_ERROR = 1_000;

  private final DSLContext dsl;
  private final Transactor transactor;

  public JooqPendingEnrichments(DSLContext dsl, Transactor transactor) {
    this.dsl = dsl;
    this.transactor = transactor;
  }

  @Override
  public void add(PendingEnrichment pending) {
    transactor.joinedRun(
        tx ->
            tx.insertInto(TICKET_ENRICHMENT)
                .set(TICKET_ENRICHMENT.TICKET_ID, pending.ticketId().value())
                .set(TICKET_ENRICHMENT.DEVICE_ID, pending.deviceId().value())
                .set(TICKET_ENRICHMENT.METRIC, pending.metric().name())
                .set(TICKET_ENRICHMENT.ATTEMPTS, pending.attempts())
                .set(TICKET_ENRICHMENT.NEXT_ATTEMPT_TIME, odt(pending.nextAttemptTime()))
                .set(TICKET_ENRICHMENT.CREATE_TIME, DSL.currentOffsetDateTime())
                .execute());
  }

  @Override
  public Optional<PendingEnrichment> find(TicketId ticketId) {
    return db().selectFrom(TICKET_ENRICHMENT)
        .where(TICKET_ENRICHMENT.TICKET_ID.eq(ticketId.value()))
        .fetchOptional(JooqPendingEnrichments::pending);
  }

  @Override
  public List<PendingEnrichment> due(Instant now, int limit) {
    return db().selectFrom(TICKET_ENRICHMENT)
        .where(TICKET_ENRICHMENT.NEXT_ATTEMPT_TIME.le(odt(now)))
        .orderBy(TICKET_ENRICHMENT.NEXT_ATTEMPT_TIME, TICKET_ENRICHMENT.TICKET_ID)
        .limit(limit)
        .fetch(JooqPendingEnrichments::pending);
  }

  @Override
  public void postpone(TicketId ticketId, int attempts, Instant nextAttemptTime, String error) {
    var bounded = Text.truncate(error, MAX_ERROR);
    transactor.joinedRun(
        tx ->
            tx.update(TICKET_ENRICHMENT)
                .set(TICKET_ENRICHMENT.ATTEMPTS, attempts)
                .set(TICKET_ENRICHMENT.NEXT_ATTEMPT_TIME, odt(nextAttemptTime))
                .set(TICKET_ENRICHMENT.LAST_ERROR, bounded)
                .where(TICKET_ENRICHMENT.TICKET_ID.eq(ticketId.value()))
                .execute());
  }

  @Override
  public boolean complete(TicketId ticketId, Runnable inSameTransaction) {
    return transactor.joined(
        tx -> {
          int removed =
              tx.deleteFrom(TICKET_ENRICHMENT)
                  .where(TICKET_ENRICHMENT.TICKET_ID.eq(ticketId.value()))
                  .execute();
          if (removed == 0) {
            return false;
          }
          inSameTransaction.run();
          return true;
        });
  }

  private DSLContext db() {
    return transactor.current().orElse(dsl);
  }

  private static PendingEnrichment pending(TicketEnrichmentRecord r) {
    return new PendingEnrichment(
        new TicketId(r.getTicketId()),
        new DeviceId(r.getDeviceId()),
        ReadingMetric.valueOf(r.getMetric()),
        r.getAttempts(),
        instant(r.getNextAttemptTime()));
  }
}
