package dev.fieldops.nats.inbox;

import dev.fieldops.jooq.Database;
import dev.fieldops.nats.inbox.EventEnvelope.InvalidEnvelopeException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's view of parked events: list them, and retry one after its cause was fixed (a
 * handler bug deployed, a missing reference created). A retry runs the consumer's decoder and
 * handler again in one transaction with the inbox row, exactly like a delivery, except that the
 * version order is not enforced: retrying an event that was parked as out of order is the
 * operator's deliberate choice. Success is recorded on the row ({@code retried_time}); a failure
 * counts as one more attempt with the new error.
 */
public final class DeadLetters {

  /** What an operator retry did. */
  public sealed interface RetryOutcome {
    /** The handler applied the event; the dead letter is marked retried. */
    record Applied(long id) implements RetryOutcome {}

    /** The inbox already had the event applied (a copy got through); marked retried. */
    record AlreadyApplied(long id) implements RetryOutcome {}

    /** Failed again; still parked, with this error recorded. */
    record Failed(long id, String error) implements RetryOutcome {}

    /** No parked event has this id (unknown, or already retried). */
    record NotParked(long id) implements RetryOutcome {}
  }

  private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

  private final Database database;
  private final Map<String, ConsumerRunner<?>> runners = new LinkedHashMap<>();

  /** Dead letters of the given runners' consumers (retry needs their handlers). */
  public DeadLetters(Database database, Collection<? extends ConsumerRunner<?>> runners) {
    this.database = Objects.requireNonNull(database, "database");
    for (ConsumerRunner<?> runner : runners) {
      this.runners.put(runner.name(), runner);
    }
  }

  /** Parked events of these consumers, oldest first (at most 1000). */
  public List<DeadLetter> list() {
    return InboxStore.parked(database.dsl(), Optional.empty(), 1_000).stream()
        .filter(d -> runners.containsKey(d.consumer()))
        .toList();
  }

  /** Parked events of one consumer, oldest first. */
  public List<DeadLetter> list(String consumer, int limit) {
    return InboxStore.parked(database.dsl(), Optional.of(consumer), limit);
  }

  /** Retries one parked event. */
  public RetryOutcome retry(long id) {
    RetryOutcome outcome;
    try {
      outcome =
          database
              .transactor()
              .inTransaction(
                  tx -> {
                    Optional<DeadLetter> found = InboxStore.lockDeadLetter(tx, id);
                    if (found.isEmpty() || !found.get().isParked()) {
                      return new RetryOutcome.NotParked(id);
                    }
                    DeadLetter letter = found.get();
                    ConsumerRunner<?> runner = runners.get(letter.consumer());
                    if (runner == null) {
                      throw new IllegalArgumentException(
                          "dead letter "
                              + id
                              + " belongs to consumer "
                              + letter.consumer()
                              + ", which is not registered here");
                    }
                    EventEnvelope envelope;
                    try {
                      envelope =
                          EventEnvelope.parse(letter.subject(), letter.headers(), letter.payload());
                    } catch (InvalidEnvelopeException e) {
                      throw new ConsumerRunner.HandlerFailure(e);
                    }
                    Optional<String> inbox =
                        InboxStore.lockOutcome(tx, letter.consumer(), envelope.eventId());
                    if (inbox.isPresent() && inbox.get().equals(InboxStore.APPLIED)) {
                      InboxStore.markRetried(tx, id);
                      return new RetryOutcome.AlreadyApplied(id);
                    }
                    try {
                      runner.applyParked(tx, envelope, letter.streamSequence().orElse(0L));
                    } catch (RuntimeException e) {
                      throw e;
                    } catch (Exception e) {
                      throw new ConsumerRunner.HandlerFailure(e);
                    }
                    InboxStore.markRetried(tx, id);
                    return new RetryOutcome.Applied(id);
                  });
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      Throwable cause = e instanceof ConsumerRunner.HandlerFailure ? e.getCause() : e;
      String error =
          cause.getClass().getName()
              + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
      InboxStore.recordRetryFailure(database.dsl(), id, error);
      log.warn("retry of dead letter {} failed", id, cause);
      return new RetryOutcome.Failed(id, error);
    }
    log.info("dead letter {}: {}", id, outcome);
    return outcome;
  }
}
