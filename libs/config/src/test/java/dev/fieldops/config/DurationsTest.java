package dev.fieldops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "0, PT0S",
    "0s, PT0S",
    "500ms, PT0.5S",
    "10s, PT10S",
    "5m, PT5M",
    "12h, PT12H",
    "30d, PT720H",
    "10 s, PT10S",
    "2M, PT2M",
    "500MS, PT0.5S",
    "PT10S, PT10S",
    "pt1.5s, PT1.5S",
    "P30D, PT720H",
    "' 1h ', PT1H",
    "1h30m, PT1H30M",
    "1d12h, PT36H",
    "1m 30s, PT1M30S",
  })
  void every_documented_way_of_writing_a_duration_is_read(String text, String expected) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "5",
        "-1s",
        "PT-5S",
        "-PT5S",
        "five seconds",
        "2 weeks",
        "PT",
        "1.5s",
        "s",
        "99999999999999999999h",
        "9223372036854775807d",
        "",
        "1h-30m",
        "h30m",
        "106751991167300d1d"
      })
  void anything_else_is_refused_with_the_grammar_in_the_message(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a duration such as 500ms, 10s, 5m, 12h, 30d or PT10S");
  }

  @ParameterizedTest
  @CsvSource({
    "PT0S, 0",
    "PT0.25S, 250ms",
    "PT10S, 10s",
    "PT90S, 90s",
    "PT15M, 15m",
    "PT1H, 1h",
    "PT720H, 30d",
    "PT0.000001S, PT0.000001S",
  })
  void a_duration_is_written_in_the_largest_unit_that_keeps_it_whole(String duration, String text) {
    assertThat(Durations.format(Duration.parse(duration))).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"250ms", "10s", "90s", "15m", "1h", "30d", "0"})
  void what_format_writes_parse_reads_back(String text) {
    assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
  }
}
