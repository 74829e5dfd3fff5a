package dev.fieldops.support.adapter.postgres;

import static dev.fieldops.support.adapter.postgres.jooq.Tables.DEAD_LETTER_RETRY_REQUEST;

import dev.fieldops.jooq.Transactor;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * {@code dead_letter_retry_request}: operators ask for a parked event to be retried (a command
 * that may run anywhere), the running service performs the retry (only it has the consumers'
 * handlers) and writes down the outcome.
 */
public final class JooqDeadLetterRetryRequests {

  /** One request. */
  public record Request(long requestId, long deadLetterId) {}

  private final DSLContext dsl;
  private final Transactor transactor;

  public JooqDeadLetterRetryRequests(DSLContext dsl, Transactor transactor) {
    this.dsl = dsl;
    this.transactor = transactor;
  }

  /** Files a request; returns its id. */
  public long request(long deadLetterId) {
    return transactor.inTransaction(
        tx ->
            tx.insertInto(DEAD_LETTER_RETRY_REQUEST)
                .set(DEAD_LETTER_RETRY_REQUEST.DEAD_LETTER_ID, deadLetterId)
                .returningResult(DEAD_LETTER_RETRY_REQUEST.REQUEST_ID)
                .fetchSingle()
                .value1());
  }

  /** Requests not performed yet, oldest first. */
  public List<Request> open(int limit) {
    return dsl.select(DEAD_LETTER_RETRY_REQUEST.REQUEST_ID, DEAD_LETTER_RETRY_REQUEST.DEAD_LETTER_ID)
        .from(DEAD_LETTER_RETRY_REQUEST)
        .where(DEAD_LETTER_RETRY_REQUEST.DONE_TIME.isNull())
        .orderBy(DEAD_LETTER_RETRY_REQUEST.REQUEST_ID)
        .limit(limit)
        .fetch(r -> new Request(r.value1(), r.value2()));
  }

  /** Records what the retry did. */
  public void finish(long requestId, String outcome) {
    dsl.update(DEAD_LETTER_RETRY_REQUEST)
        .set(DEAD_LETTER_RETRY_REQUEST.DONE_TIME, DSL.currentOffsetDateTime())
        .set(DEAD_LETTER_RETRY_REQUEST.OUTCOME, outcome)
        .where(DEAD_LETTER_RETRY_REQUEST.REQUEST_ID.eq(requestId))
        .execute();
  }

  /** The outcome of a request once performed. */
  public Optional<String> outcome(long requestId) {
    return dsl.select(DEAD_LETTER_RETRY_REQUEST.OUTCOME)
        .from(DEAD_LETTER_RETRY_REQUEST)
        .where(DEAD_LETTER_RETRY_REQUEST.REQUEST_ID.eq(requestId))
        .and(DEAD_LETTER_RETRY_REQUEST.DONE_TIME.isNotNull())
        .fetchOptional(DEAD_LETTER_RETRY_REQUEST.OUTCOME);
  }
}
