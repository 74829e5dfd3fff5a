package dev.fieldops.nats.inbox;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.fieldops.jooq.Database;
import dev.fieldops.nats.inbox.DeadLetters.RetryOutcome;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operators' requests to retry a parked event ({@code inbox_retry_request}). The command that files
 * one may run anywhere, but only the running service has the consumers' handlers: it performs the
 * open requests ({@link #performOpen}) and writes down each outcome, which the command waits for
 * ({@link #outcome}). Outcomes: {@code APPLIED}, {@code ALREADY_APPLIED}, {@code FAILED: …} (still
 * parked), {@code NOT_PARKED: …}, {@code REFUSED: …} (a consumer this service does not have).
 */
public final class DeadLetterRetryRequests {

  /** One request not performed yet. */
  public record Request(long requestId, long deadLetterId) {}

  private static final Logger log = LoggerFactory.getLogger(DeadLetterRetryRequests.class);

  private static final Table<Record> REQUEST = table(name("inbox_retry_request"));
  private static final Field<Long> REQUEST_ID = field(name("request_id"), SQLDataType.BIGINT);
  private static final Field<Long> DEAD_LETTER_ID =
      field(name("dead_letter_id"), SQLDataType.BIGINT);
  private static final Field<OffsetDateTime> DONE_TIME =
      field(name("done_time"), SQLDataType.TIMESTAMPWITHTIMEZONE);
  private static final Field<String> OUTCOME = field(name("outcome"), SQLDataType.CLOB);

  /** How many open requests one run performs. */
  private static final int BATCH = 20;

  private final Database database;

  public DeadLetterRetryRequests(Database database) {
    this.database = Objects.requireNonNull(database, "database");
  }

  /** Files a request; returns its id. */
  public long request(long deadLetterId) {
    return database
        .transactor()
        .inTransaction(
            tx ->
                tx.insertInto(REQUEST)
                    .set(DEAD_LETTER_ID, deadLetterId)
                    .returningResult(REQUEST_ID)
                    .fetchSingle()
                    .value1());
  }

  /** Requests not performed yet, oldest first. */
  public List<Request> open(int limit) {
    return database
        .dsl()
        .select(REQUEST_ID, DEAD_LETTER_ID)
        .from(REQUEST)
        .where(DONE_TIME.isNull())
        .orderBy(REQUEST_ID)
        .limit(limit)
        .fetch(r -> new Request(r.value1(), r.value2()));
  }

  /** Records what the retry did. */
  public void finish(long requestId, String outcome) {
    database
        .dsl()
        .update(REQUEST)
        .set(DONE_TIME, DSL.currentOffsetDateTime())
        .set(OUTCOME, outcome)
        .where(REQUEST_ID.eq(requestId))
        .execute();
  }

  /** The outcome of a request once performed. */
  public Optional<String> outcome(long requestId) {
    return database
        .dsl()
        .select(OUTCOME)
        .from(REQUEST)
        .where(REQUEST_ID.eq(requestId))
        .and(DONE_TIME.isNotNull())
        .fetchOptional(OUTCOME);
  }

  /**
   * Performs the open requests with the supervisor's consumers and records each outcome. A request
   * for a consumer that has not started here yet stays open for the next run; one for a consumer
   * this service does not have at all is refused.
   */
  public void performOpen(ConsumerSupervisor supervisor) {
    for (var request : open(BATCH)) {
      String outcome;
      try {
        outcome =
            switch (supervisor.deadLetters().retry(request.deadLetterId())) {
              case RetryOutcome.Applied applied -> "APPLIED";
              case RetryOutcome.AlreadyApplied already -> "ALREADY_APPLIED";
              case RetryOutcome.Failed failed -> "FAILED: " + failed.error();
              case RetryOutcome.NotParked notParked ->
                  "NOT_PARKED: no parked event has id "
                      + request.deadLetterId()
                      + " (unknown, or already retried)";
            };
      } catch (IllegalArgumentException e) {
        boolean allStarted =
            supervisor.statuses().values().stream()
                .noneMatch(status -> status == ConsumerSupervisor.Status.WAITING);
        if (!allStarted) {
          continue; // its consumer has not started here yet: try again on the next run
        }
        outcome = "REFUSED: " + e.getMessage();
      }
      finish(request.requestId(), outcome);
      log.info("retry of dead letter {}: {}", request.deadLetterId(), outcome);
    }
  }
}
