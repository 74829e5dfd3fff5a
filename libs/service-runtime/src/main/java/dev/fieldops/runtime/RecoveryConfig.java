package dev.fieldops.runtime;

import dev.fieldops.config.Environment;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The platform's settings for outages and recovery, from the environment (every service reads the
 * same ones).
 *
 * @param outboxRetention how long published outbox rows are kept, and so how far back a broker data
 *     loss is repaired: events published within it are published again into a re-created stream,
 *     older ones exist only in the stream (which keeps 7 days) and are lost with it. Longer costs
 *     database space (each row holds its event's payload); {@value #OUTBOX_RETENTION}
 * @param maxUnpublishedAge health reports {@code fieldops.events} NOT_SERVING once the oldest
 *     unpublished event has waited longer than this; {@value #OUTBOX_MAX_UNPUBLISHED_AGE}
 * @param natsStartWait how long a start waits for NATS and the stream before serving anyway (events
 *     wait in the outbox until they come); {@value #NATS_START_WAIT}
 */
public record RecoveryConfig(
    Duration outboxRetention, Duration maxUnpublishedAge, Duration natsStartWait) {

  public static final String OUTBOX_RETENTION = "OUTBOX_RETENTION";
  public static final String OUTBOX_MAX_UNPUBLISHED_AGE = "OUTBOX_MAX_UNPUBLISHED_AGE";
  public static final String NATS_START_WAIT = "NATS_START_WAIT";

  public static final Duration DEFAULT_OUTBOX_RETENTION = Duration.ofHours(3);
  public static final Duration DEFAULT_MAX_UNPUBLISHED_AGE = Duration.ofSeconds(60);
  public static final Duration DEFAULT_NATS_START_WAIT = Duration.ofSeconds(5);

  public RecoveryConfig {
    Objects.requireNonNull(outboxRetention, "outboxRetention");
    Objects.requireNonNull(maxUnpublishedAge, "maxUnpublishedAge");
    Objects.requireNonNull(natsStartWait, "natsStartWait");
  }

  /** Reads the settings; unset variables take their defaults, bad ones fail naming the variable. */
  public static RecoveryConfig fromEnvironment(Map<String, String> env) {
    var values = Environment.of(env);
    return new RecoveryConfig(
        values.duration(
            OUTBOX_RETENTION, DEFAULT_OUTBOX_RETENTION, Duration.ofMinutes(1), Duration.ofDays(30)),
        values.duration(
            OUTBOX_MAX_UNPUBLISHED_AGE,
            DEFAULT_MAX_UNPUBLISHED_AGE,
            Duration.ofSeconds(1),
            Duration.ofDays(1)),
        values.duration(
            NATS_START_WAIT, DEFAULT_NATS_START_WAIT, Duration.ZERO, Duration.ofMinutes(10)));
  }
}
