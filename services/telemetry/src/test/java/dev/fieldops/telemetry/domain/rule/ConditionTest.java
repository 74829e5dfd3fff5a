package dev.fieldops.telemetry.domain.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.InvalidInputException.FieldViolation;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionTest {

  private static void assertInvalid(Runnable construction, String field) {
    assertThatThrownBy(construction::run)
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("INVALID_ALERT_RULE");
              assertThat(e.violations()).extracting(FieldViolation::field).contains(field);
            });
  }

  @ParameterizedTest(name = "{0} raise {1} clear {2}: valid={3}")
  @CsvSource({
    "ABOVE, 8, 6, true",
    "ABOVE, 8, 8, true",
    "ABOVE, 8, 8.5, false",
    "BELOW, -25, -23, true",
    "BELOW, -25, -25, true",
    "BELOW, -25, -26, false"
  })
  void the_clear_level_must_lie_on_the_safe_side_of_the_raise_level(
      Direction direction, double raise, double clear, boolean valid) {
    Runnable construction =
        () -> new Condition.Threshold(direction, raise, clear, OptionalDouble.empty());

    if (valid) {
      assertThatCode(construction::run).doesNotThrowAnyException();
    } else {
      assertInvalid(construction, "threshold.clear_level");
    }
  }

  @Test
  void a_critical_level_must_lie_beyond_the_raise_level() {
    assertInvalid(
        () -> new Condition.Threshold(Direction.ABOVE, 8, 6, OptionalDouble.of(7)),
        "threshold.critical_level");
    assertInvalid(
        () ->
            new Condition.Sustained(
                Direction.BELOW, -25, Duration.ofMinutes(5), OptionalDouble.of(-20)),
        "sustained.critical_level");
  }

  @Test
  void levels_must_be_finite_numbers() {
    assertInvalid(
        () -> new Condition.Threshold(Direction.ABOVE, Double.NaN, 6, OptionalDouble.empty()),
        "threshold.raise_level");
  }

  @Test
  void durations_must_be_positive_bounded_and_in_whole_microseconds() {
    assertInvalid(
        () -> new Condition.Sustained(Direction.ABOVE, 8, Duration.ZERO, OptionalDouble.empty()),
        "sustained.duration");
    assertInvalid(
        () -> new Condition.RateOfChange(2, Duration.ofDays(32), OptionalDouble.empty()),
        "rate_of_change.window");
    assertInvalid(
        () -> new Condition.NoData(Duration.ofNanos(1_500), Optional.empty()), "no_data.silence");
  }

  @Test
  void a_rate_of_change_needs_a_positive_delta_and_a_larger_critical_delta() {
    assertInvalid(
        () -> new Condition.RateOfChange(0, Duration.ofMinutes(5), OptionalDouble.empty()),
        "rate_of_change.max_delta");
    assertInvalid(
        () -> new Condition.RateOfChange(3, Duration.ofMinutes(5), OptionalDouble.of(3)),
        "rate_of_change.critical_delta");
  }

  @Test
  void a_critical_silence_must_be_longer_than_the_silence() {
    assertInvalid(
        () -> new Condition.NoData(Duration.ofMinutes(15), Optional.of(Duration.ofMinutes(15))),
        "no_data.critical_silence");
  }

  @Test
  void the_peak_of_a_breach_lies_in_the_dangerous_direction() {
    assertThat(
            new Condition.Threshold(Direction.BELOW, -25, -23, OptionalDouble.empty())
                .peakDirection())
        .isEqualTo(PeakDirection.LOWEST);
    assertThat(
            new Condition.RateOfChange(2, Duration.ofMinutes(5), OptionalDouble.empty())
                .peakDirection())
        .isEqualTo(PeakDirection.HIGHEST);
  }
}
