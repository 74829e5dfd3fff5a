package dev.fieldops.nats;

import dev.fieldops.config.ConfigException;
import dev.fieldops.config.Durations;
import dev.fieldops.config.Environment;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The operator's settings of a context's stream, the same variables for every service: how many
 * copies a JetStream cluster keeps ({@value #REPLICAS_VARIABLE}), how long and how much it keeps
 * ({@value #MAX_AGE_VARIABLE}, {@value #MAX_BYTES_VARIABLE}) and how long it remembers a {@code
 * Nats-Msg-Id} ({@value #DUPLICATE_WINDOW_VARIABLE}). The service declares the stream's name and
 * subjects ({@link StreamSpec}); these settings complete it ({@link #applyTo}).
 *
 * <p>A service creates its stream with them when it is missing and otherwise only compares them
 * with the stream ({@link StreamKeeper}); {@code ./fieldops stream <context> update} applies them
 * to an existing stream.
 *
 * @param replicas copies in the cluster, 1 to 5 (at most the number of JetStream servers)
 * @param maxAge oldest message kept
 * @param maxBytes size limit; the oldest messages go first
 * @param duplicateWindow how long a republished event is recognised as a duplicate; at most {@code
 *     maxAge}
 */
public record StreamSettings(
    int replicas, Duration maxAge, long maxBytes, Duration duplicateWindow) {

  public static final String REPLICAS_VARIABLE = "EVENTS_STREAM_REPLICAS";
  public static final String MAX_AGE_VARIABLE = "EVENTS_STREAM_MAX_AGE";
  public static final String MAX_BYTES_VARIABLE = "EVENTS_STREAM_MAX_BYTES";
  public static final String DUPLICATE_WINDOW_VARIABLE = "EVENTS_STREAM_DUPLICATE_WINDOW";

  private static final long MIB = 1L << 20;
  private static final long TIB = 1L << 40;

  public StreamSettings {
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(duplicateWindow, "duplicateWindow");
  }

  /** One replica, 7 days, 1 GiB, a 2-minute duplicate window: {@link StreamSpec}'s defaults. */
  public static StreamSettings defaults() {
    return new StreamSettings(
        1,
        StreamSpec.DEFAULT_MAX_AGE,
        StreamSpec.DEFAULT_MAX_BYTES,
        StreamSpec.DEFAULT_DUPLICATE_WINDOW);
  }

  /**
   * Reads {@value #REPLICAS_VARIABLE} (1 to 5, default 1), {@value #MAX_AGE_VARIABLE} (1m to 3650d,
   * default 7d), {@value #MAX_BYTES_VARIABLE} (1MiB to 1TiB, default 1GiB) and {@value
   * #DUPLICATE_WINDOW_VARIABLE} (1s to 7d and at most the max age, default 2m).
   *
   * @throws ConfigException naming the variable when a value cannot be used
   */
  public static StreamSettings fromEnvironment(Map<String, String> env) {
    Environment environment = Environment.of(env);
    StreamSettings defaults = defaults();
    int replicas = environment.integer(REPLICAS_VARIABLE, defaults.replicas(), 1, 5);
    Duration maxAge =
        environment.duration(
            MAX_AGE_VARIABLE, defaults.maxAge(), Duration.ofMinutes(1), Duration.ofDays(3650));
    long maxBytes = environment.size(MAX_BYTES_VARIABLE, defaults.maxBytes(), MIB, TIB);
    Duration window =
        environment.duration(
            DUPLICATE_WINDOW_VARIABLE,
            defaults.duplicateWindow(),
            Duration.ofSeconds(1),
            Duration.ofDays(7));
    if (window.compareTo(maxAge) > 0) {
      throw ConfigException.invalid(
          DUPLICATE_WINDOW_VARIABLE,
          Durations.format(window),
          "a duration at most the stream's max age ("
              + MAX_AGE_VARIABLE
              + "="
              + Durations.format(maxAge)
              + ")");
    }
    return new StreamSettings(replicas, maxAge, maxBytes, window);
  }

  /** {@code declared} (name and subjects) with these settings. */
  public StreamSpec applyTo(StreamSpec declared) {
    return new StreamSpec(
        declared.name(), declared.subjects(), duplicateWindow, maxAge, maxBytes, replicas);
  }
}
