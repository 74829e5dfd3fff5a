package dev.fieldops.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StreamSettingsTest {

  private static final StreamSpec SUPPORT = StreamSpec.of("SUPPORT", "support.>");

  @Test
  void without_settings_a_stream_has_one_replica_seven_days_one_gib_and_a_two_minute_window() {
    StreamSpec spec = StreamSettings.fromEnvironment(Map.of()).applyTo(SUPPORT);

    assertThat(spec).isEqualTo(SUPPORT);
    assertThat(spec.replicas()).isEqualTo(1);
    assertThat(spec.maxAge()).isEqualTo(Duration.ofDays(7));
    assertThat(spec.maxBytes()).isEqualTo(1L << 30);
    assertThat(spec.duplicateWindow()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void the_operator_sets_replicas_and_limits_for_every_service_alike() {
    StreamSpec spec =
        StreamSettings.fromEnvironment(
                Map.of(
                    "EVENTS_STREAM_REPLICAS", "3",
                    "EVENTS_STREAM_MAX_AGE", "30d",
                    "EVENTS_STREAM_MAX_BYTES", "2GiB",
                    "EVENTS_STREAM_DUPLICATE_WINDOW", "10m"))
            .applyTo(SUPPORT);

    assertThat(spec.name()).isEqualTo("SUPPORT");
    assertThat(spec.subjects()).containsExactly("support.>");
    assertThat(spec.replicas()).isEqualTo(3);
    assertThat(spec.maxAge()).isEqualTo(Duration.ofDays(30));
    assertThat(spec.maxBytes()).isEqualTo(2L << 30);
    assertThat(spec.duplicateWindow()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void a_short_max_age_with_a_shorter_window_is_accepted() {
    StreamSpec spec =
        StreamSettings.fromEnvironment(
                Map.of("EVENTS_STREAM_MAX_AGE", "1m", "EVENTS_STREAM_DUPLICATE_WINDOW", "30s"))
            .applyTo(SUPPORT);

    assertThat(spec.maxAge()).isEqualTo(Duration.ofMinutes(1));
    assertThat(spec.duplicateWindow()).isEqualTo(Duration.ofSeconds(30));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "EVENTS_STREAM_REPLICAS         | 0      | a whole number from 1 to 5",
        "EVENTS_STREAM_REPLICAS         | 7      | a whole number from 1 to 5",
        "EVENTS_STREAM_REPLICAS         | three  | a whole number from 1 to 5",
        "EVENTS_STREAM_MAX_AGE          | 0      | a duration from 1m to 3650d",
        "EVENTS_STREAM_MAX_AGE          | forever | a duration from 1m to 3650d",
        "EVENTS_STREAM_MAX_BYTES        | 1KiB   | a size from 1MiB to 1TiB",
        "EVENTS_STREAM_MAX_BYTES        | lots   | a size from 1MiB to 1TiB",
        "EVENTS_STREAM_DUPLICATE_WINDOW | 8d     | a duration from 1s to 7d",
        "EVENTS_STREAM_DUPLICATE_WINDOW | 2 min  | a duration from 1s to 7d",
      })
  void an_unusable_value_fails_the_start_naming_the_variable(
      String variable, String value, String expected) {
    assertThatThrownBy(() -> StreamSettings.fromEnvironment(Map.of(variable, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(variable + ": invalid value '" + value + "', expected " + expected);
  }

  @Test
  void a_duplicate_window_longer_than_the_max_age_fails_naming_both() {
    assertThatThrownBy(
            () ->
                StreamSettings.fromEnvironment(
                    Map.of("EVENTS_STREAM_MAX_AGE", "1h", "EVENTS_STREAM_DUPLICATE_WINDOW", "2h")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("EVENTS_STREAM_DUPLICATE_WINDOW: invalid value '2h'")
        .hasMessageContaining("EVENTS_STREAM_MAX_AGE=1h");
  }
}
