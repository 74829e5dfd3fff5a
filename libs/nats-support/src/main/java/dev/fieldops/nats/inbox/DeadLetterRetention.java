package dev.fieldops.nats.inbox;

import dev.fieldops.config.Environment;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How long parked events are kept. A dead letter holds a whole event (headers and payload, up to
 * the stream's largest message), and a producer gone wrong or a hostile publisher can make every
 * consumer park every message it sends: 2,000 garbage events made 4,000 rows. So each consumer
 * keeps its dead letters at most {@code maxAge} after their last failure (or their retry), and at
 * most {@code maxPerConsumer}, the held ones ({@link ParkReason#PREDECESSOR_MISSING}, waiting for
 * their predecessor) first and then the newest; the rest are deleted by the runner (about every
 * minute, and at once after a burst of parking), and each deletion is logged with its count.
 *
 * <p>Deleting a parked event gives it up: after {@code maxAge} an operator no longer retries it
 * (the stream's own copy is gone after the producer's retention, 7 days by default, anyway), and
 * under a flood the newest failures are the ones worth looking at.
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>Variable</th><th>Default</th></tr>
 *   <tr><td>{@value #MAX_AGE_VARIABLE}</td><td>30d (1h to 3650d)</td></tr>
 *   <tr><td>{@value #MAX_PER_CONSUMER_VARIABLE}</td><td>10000 (100 to 10000000)</td></tr>
 * </table>
 *
 * @param maxAge how long after its last failure a dead letter is kept
 * @param maxPerConsumer how many dead letters each consumer keeps at most (the newest)
 */
public record DeadLetterRetention(Duration maxAge, int maxPerConsumer) {

  public static final String MAX_AGE_VARIABLE = "DEAD_LETTER_MAX_AGE";
  public static final String MAX_PER_CONSUMER_VARIABLE = "DEAD_LETTER_MAX_PER_CONSUMER";

  private static final Duration MIN_AGE = Duration.ofHours(1);
  private static final Duration MAX_AGE = Duration.ofDays(3650);
  private static final int MIN_COUNT = 100;
  private static final int MAX_COUNT = 10_000_000;

  /** 30 days, 10,000 per consumer. */
  public static final DeadLetterRetention DEFAULT =
      new DeadLetterRetention(Duration.ofDays(30), 10_000);

  public DeadLetterRetention {
    Objects.requireNonNull(maxAge, "maxAge");
    if (maxAge.compareTo(MIN_AGE) < 0 || maxAge.compareTo(MAX_AGE) > 0) {
      throw new IllegalArgumentException(
          MAX_AGE_VARIABLE + ": must be between 1h and 3650d, got " + maxAge);
    }
    if (maxPerConsumer < MIN_COUNT || maxPerConsumer > MAX_COUNT) {
      throw new IllegalArgumentException(
          MAX_PER_CONSUMER_VARIABLE
              + ": must be between "
              + MIN_COUNT
              + " and "
              + MAX_COUNT
              + ", got "
              + maxPerConsumer);
    }
  }

  /**
   * Reads the variables of the table above.
   *
   * @throws IllegalArgumentException naming the variable when a value is invalid
   */
  public static DeadLetterRetention fromEnvironment(Map<String, String> env) {
    var values = Environment.of(env);
    return new DeadLetterRetention(
        values.duration(MAX_AGE_VARIABLE, DEFAULT.maxAge, MIN_AGE, MAX_AGE),
        values.integer(MAX_PER_CONSUMER_VARIABLE, DEFAULT.maxPerConsumer, MIN_COUNT, MAX_COUNT));
  }
}
