package dev.fieldops.nats.inbox;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One durable consumer: which stream and subject it reads, under which durable name, and how it
 * retries. Use one durable per (consuming service, purpose), for example {@code
 * invoicing-billable-support-work}; every instance of the service shares it, and its name is also
 * the consumer's key in the inbox and dead-letter tables.
 *
 * <p>nats-server 2.9 allows one filter subject per consumer: a purpose that needs two subject trees
 * uses two consumers.
 *
 * @param stream the stream to read
 * @param durableName the durable consumer's name
 * @param filterSubject the subjects to receive, wildcards allowed ({@code support.ticket.>})
 * @param maxDeliver attempts before a failing event is parked
 * @param backoff pause before each retry: entry {@code n-1} after the {@code n}th failed attempt,
 *     the last entry for every later one; fewer entries than {@code maxDeliver}. The runner waits
 *     each pause itself (a delayed negative acknowledgement); the first entry is also the durable's
 *     ack wait: how long one attempt may take before the server delivers the event again.
 * @param batchSize messages pulled at a time
 * @param maxAckPending messages delivered and not yet acknowledged, across all instances
 * @param outOfOrder what to do with an event overtaken by a newer version of its aggregate
 * @param events the subject of each event type the producer publishes under {@code filterSubject}:
 *     every received event's type and subject are checked against it ({@link EventSubjects}); every
 *     subject in it must match the filter
 * @param deadLetters how long and how many of this consumer's parked events are kept
 * @param order whether an aggregate's events are applied in publish order (the default) or as they
 *     arrive ({@link AggregateOrder})
 */
public record ConsumerSpec(
    String stream,
    String durableName,
    String filterSubject,
    int maxDeliver,
    List<Duration> backoff,
    int batchSize,
    int maxAckPending,
    OutOfOrderPolicy outOfOrder,
    EventSubjects events,
    DeadLetterRetention deadLetters,
    AggregateOrder order) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,128}");

  public ConsumerSpec {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(durableName, "durableName");
    Objects.requireNonNull(filterSubject, "filterSubject");
    Objects.requireNonNull(outOfOrder, "outOfOrder");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(deadLetters, "deadLetters");
    Objects.requireNonNull(order, "order");
    backoff = List.copyOf(Objects.requireNonNull(backoff, "backoff"));
    if (!NAME.matcher(durableName).matches()) {
      throw new IllegalArgumentException(
          "a durable name is letters, digits, '_' and '-': '" + durableName + "'");
    }
    if (filterSubject.isBlank() || filterSubject.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("invalid filter subject '" + filterSubject + "'");
    }
    if (maxDeliver < 1) {
      throw new IllegalArgumentException("maxDeliver must be at least 1");
    }
    if (backoff.isEmpty() || backoff.size() >= Math.max(2, maxDeliver)) {
      throw new IllegalArgumentException(
          "backoff needs 1 to maxDeliver - 1 entries (a pause between two attempts): " + backoff);
    }
    for (Duration pause : backoff) {
      if (pause.isNegative() || pause.isZero()) {
        throw new IllegalArgumentException("backoff entries must be positive: " + backoff);
      }
    }
    if (batchSize < 1 || batchSize > 1_000) {
      throw new IllegalArgumentException("batchSize must be 1 to 1000");
    }
    if (maxAckPending < batchSize) {
      throw new IllegalArgumentException("maxAckPending must be at least batchSize");
    }
    for (String subject : events.subjects()) {
      if (!matches(filterSubject, subject)) {
        throw new IllegalArgumentException(
            "event subject " + subject + " is outside the filter " + filterSubject);
      }
    }
  }

  /**
   * The defaults: 5 attempts, pauses of 10 s, 30 s, 2 min and 10 min, batches of 50, 1000 pending
   * acknowledgements, every aggregate's events applied in publish order ({@link
   * AggregateOrder#publishOrder()}), older events without a sequence parked when overtaken, dead
   * letters kept per {@link DeadLetterRetention#DEFAULT}. {@code events} is the producer's
   * catalogue for the filter.
   */
  public static ConsumerSpec of(
      String stream, String durableName, String filterSubject, EventSubjects events) {
    return new ConsumerSpec(
        stream,
        durableName,
        filterSubject,
        5,
        List.of(
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            Duration.ofMinutes(2),
            Duration.ofMinutes(10)),
        50,
        1_000,
        OutOfOrderPolicy.PARK,
        events,
        DeadLetterRetention.DEFAULT,
        AggregateOrder.publishOrder());
  }

  /** Retry schedule: {@code maxDeliver} attempts separated by {@code backoff}. */
  public ConsumerSpec withRetries(int attempts, List<Duration> pauses) {
    return new ConsumerSpec(
        stream,
        durableName,
        filterSubject,
        attempts,
        pauses,
        batchSize,
        maxAckPending,
        outOfOrder,
        events,
        deadLetters,
        order);
  }

  public ConsumerSpec withBatchSize(int size) {
    return new ConsumerSpec(
        stream,
        durableName,
        filterSubject,
        maxDeliver,
        backoff,
        size,
        Math.max(maxAckPending, size),
        outOfOrder,
        events,
        deadLetters,
        order);
  }

  public ConsumerSpec withOutOfOrder(OutOfOrderPolicy policy) {
    return new ConsumerSpec(
        stream,
        durableName,
        filterSubject,
        maxDeliver,
        backoff,
        batchSize,
        maxAckPending,
        policy,
        events,
        deadLetters,
        order);
  }

  public ConsumerSpec withDeadLetterRetention(DeadLetterRetention retention) {
    return new ConsumerSpec(
        stream,
        durableName,
        filterSubject,
        maxDeliver,
        backoff,
        batchSize,
        maxAckPending,
        outOfOrder,
        events,
        retention,
        order);
  }

  /** How this consumer orders an aggregate's events ({@link AggregateOrder}). */
  public ConsumerSpec withOrder(AggregateOrder aggregateOrder) {
    return new ConsumerSpec(
        stream,
        durableName,
        filterSubject,
        maxDeliver,
        backoff,
        batchSize,
        maxAckPending,
        outOfOrder,
        events,
        deadLetters,
        aggregateOrder);
  }

  /**
   * Whether the concrete {@code subject} matches the NATS {@code filter} ({@code *}, {@code >}).
   */
  static boolean matches(String filter, String subject) {
    String[] want = filter.split("\\.", -1);
    String[] have = subject.split("\\.", -1);
    for (int i = 0; i < want.length; i++) {
      if (want[i].equals(">")) {
        return have.length > i;
      }
      if (i >= have.length || !(want[i].equals("*") || want[i].equals(have[i]))) {
        return false;
      }
    }
    return want.length == have.length;
  }

  /** The pause before the attempt after failed attempt {@code attempt} (1-based). */
  Duration pauseAfter(long attempt) {
    int index = (int) Math.min(Math.max(attempt, 1), backoff.size()) - 1;
    return backoff.get(index);
  }
}
