package dev.fieldops.telemetry.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TelemetryConfigTest {

  @Test
  void an_empty_environment_gives_the_documented_defaults() {
    var config = TelemetryConfig.fromEnvironment(Map.of());

    assertThat(config.defaultDeadbandCelsius()).isEqualTo(0.5);
    assertThat(config.maxFutureSkew()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.ingestWindow()).isEqualTo(Duration.ofDays(7));
    assertThat(config.readingRetention()).isEqualTo(Duration.ofDays(30));
    assertThat(config.partitionDaysAhead()).isEqualTo(3);
    assertThat(config.silenceCheckInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(config.escalationScanInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(config.maxIngestBatch()).isEqualTo(5_000);
    assertThat(config.watchQueueCapacity()).isEqualTo(1_000);
  }

  @Test
  void settings_are_read_from_their_variables() {
    var config =
        TelemetryConfig.fromEnvironment(
            Map.of(
                "TELEMETRY_READING_RETENTION", "90d",
                "TELEMETRY_INGEST_WINDOW", "14d",
                "TELEMETRY_DEFAULT_DEADBAND_CELSIUS", "1.5",
                "TELEMETRY_SILENCE_CHECK_INTERVAL", "500ms",
                "TELEMETRY_ESCALATION_SCAN_INTERVAL", "200ms"));

    assertThat(config.readingRetention()).isEqualTo(Duration.ofDays(90));
    assertThat(config.ingestWindow()).isEqualTo(Duration.ofDays(14));
    assertThat(config.defaultDeadbandCelsius()).isEqualTo(1.5);
    assertThat(config.silenceCheckInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.escalationScanInterval()).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void a_bad_value_stops_the_start_naming_its_variable() {
    assertThatThrownBy(
            () ->
                TelemetryConfig.fromEnvironment(Map.of("TELEMETRY_SILENCE_CHECK_INTERVAL", "soon")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("TELEMETRY_SILENCE_CHECK_INTERVAL");
    assertThatThrownBy(
            () ->
                TelemetryConfig.fromEnvironment(Map.of("TELEMETRY_DEFAULT_DEADBAND_CELSIUS", "-1")))
        .hasMessageStartingWith("TELEMETRY_DEFAULT_DEADBAND_CELSIUS");
  }

  @Test
  void readings_cannot_be_accepted_for_longer_than_they_are_kept() {
    assertThatThrownBy(
            () ->
                TelemetryConfig.fromEnvironment(
                    Map.of("TELEMETRY_READING_RETENTION", "3d", "TELEMETRY_INGEST_WINDOW", "7d")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("TELEMETRY_INGEST_WINDOW")
        .hasMessageContaining("TELEMETRY_READING_RETENTION");
  }
}
