package dev.fieldops.telemetry.bootstrap;

import dev.fieldops.config.ConfigException;
import dev.fieldops.config.Durations;
import dev.fieldops.config.Environment;
import java.time.Duration;
import java.util.Map;

/**
 * The telemetry service's own settings, read from the environment (the platform's DATABASE_*,
 * NATS_*, GRPC_* and AUTH_* variables are read by the runtime). A bad value stops the start with a
 * message naming the variable.
 *
 * @param defaultDeadbandCelsius {@code TELEMETRY_DEFAULT_DEADBAND_CELSIUS} (0.5): deadband of a
 *     device registered without one
 * @param maxFutureSkew {@code TELEMETRY_MAX_FUTURE_SKEW} (5m): how far ahead of the server clock an
 *     observe time may be
 * @param ingestWindow {@code TELEMETRY_INGEST_WINDOW} (7d): how old a reading ingest still accepts;
 *     at most the retention
 * @param readingRetention {@code TELEMETRY_READING_RETENTION} (30d): how long readings are kept
 * @param partitionDaysAhead {@code TELEMETRY_PARTITION_DAYS_AHEAD} (3): daily reading partitions
 *     created in advance
 * @param partitionInterval {@code TELEMETRY_PARTITION_INTERVAL} (1h): how often partitions are
 *     created and expired ones dropped
 * @param silenceCheckInterval {@code TELEMETRY_SILENCE_CHECK_INTERVAL} (15s): how often NO_DATA
 *     rules are checked
 * @param escalationScanInterval {@code TELEMETRY_ESCALATION_SCAN_INTERVAL} (15s): how often alerts
 *     are checked for time-based escalation (a rule's escalate_after); how late after falling due
 *     an alert escalates at most
 * @param maxIngestBatch {@code TELEMETRY_INGEST_BATCH} (5000): most readings of a stream ingested
 *     in one transaction
 * @param watchQueueCapacity {@code TELEMETRY_WATCH_QUEUE} (1000): alert changes a WatchAlerts
 *     client may fall behind before its stream ends with RESOURCE_EXHAUSTED
 */
public record TelemetryConfig(
    double defaultDeadbandCelsius,
    Duration maxFutureSkew,
    Duration ingestWindow,
    Duration readingRetention,
    int partitionDaysAhead,
    Duration partitionInterval,
    Duration silenceCheckInterval,
    Duration escalationScanInterval,
    int maxIngestBatch,
    int watchQueueCapacity) {

  public static final String DEFAULT_DEADBAND = "TELEMETRY_DEFAULT_DEADBAND_CELSIUS";
  public static final String MAX_FUTURE_SKEW = "TELEMETRY_MAX_FUTURE_SKEW";
  public static final String INGEST_WINDOW = "TELEMETRY_INGEST_WINDOW";
  public static final String READING_RETENTION = "TELEMETRY_READING_RETENTION";
  public static final String PARTITION_DAYS_AHEAD = "TELEMETRY_PARTITION_DAYS_AHEAD";
  public static final String PARTITION_INTERVAL = "TELEMETRY_PARTITION_INTERVAL";
  public static final String SILENCE_CHECK_INTERVAL = "TELEMETRY_SILENCE_CHECK_INTERVAL";
  public static final String ESCALATION_SCAN_INTERVAL = "TELEMETRY_ESCALATION_SCAN_INTERVAL";
  public static final String INGEST_BATCH = "TELEMETRY_INGEST_BATCH";
  public static final String WATCH_QUEUE = "TELEMETRY_WATCH_QUEUE";

  public static TelemetryConfig fromEnvironment(Map<String, String> env) {
    var values = Environment.of(env);
    var config =
        new TelemetryConfig(
            values.decimal(DEFAULT_DEADBAND, 0.5, 0, 20),
            values.duration(
                MAX_FUTURE_SKEW, Duration.ofMinutes(5), Duration.ZERO, Duration.ofHours(1)),
            values.duration(
                INGEST_WINDOW, Duration.ofDays(7), Duration.ofHours(1), Duration.ofDays(3650)),
            values.duration(
                READING_RETENTION, Duration.ofDays(30), Duration.ofDays(1), Duration.ofDays(3650)),
            values.integer(PARTITION_DAYS_AHEAD, 3, 1, 60),
            values.duration(
                PARTITION_INTERVAL, Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofDays(1)),
            values.duration(
                SILENCE_CHECK_INTERVAL,
                Duration.ofSeconds(15),
                Duration.ofMillis(100),
                Duration.ofHours(1)),
            values.duration(
                ESCALATION_SCAN_INTERVAL,
                Duration.ofSeconds(15),
                Duration.ofMillis(100),
                Duration.ofHours(1)),
            values.integer(INGEST_BATCH, 5_000, 1, 100_000),
            values.integer(WATCH_QUEUE, 1_000, 1, 1_000_000));
    if (config.ingestWindow().compareTo(config.readingRetention()) > 0) {
      throw ConfigException.invalid(
          INGEST_WINDOW,
          Durations.format(config.ingestWindow()),
          "at most "
              + READING_RETENTION
              + " ("
              + Durations.format(config.readingRetention())
              + "): readings would be accepted only to be dropped");
    }
    return config;
  }
}
