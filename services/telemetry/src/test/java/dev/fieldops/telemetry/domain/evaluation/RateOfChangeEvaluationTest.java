package dev.fieldops.telemetry.domain.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.telemetry.domain.rule.Condition;
import dev.fieldops.telemetry.fixture.RuleFixtures;
import java.time.Duration;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** RATE_OF_CHANGE: more than 3 °C of spread within a 10-minute window. */
class RateOfChangeEvaluationTest {

  private final Scenario scenario =
      Scenario.warningRule(RuleFixtures.changeOfMoreThan(3, Duration.ofMinutes(10)));

  @Test
  void a_rise_of_more_than_the_maximum_within_the_window_starts_a_breach_measured_as_the_spread() {
    assertThat(scenario.feed(0, -18, 5, -16, 9, -14.5))
        .containsExactly("quiet", "quiet", "started WARNING");
    assertThat(scenario.last.measure()).isEqualTo(3.5);
  }

  @Test
  void a_change_of_exactly_the_maximum_is_not_a_breach() {
    assertThat(scenario.feed(0, -18, 5, -15)).containsExactly("quiet", "quiet");
  }

  @Test
  void a_fall_counts_as_much_as_a_rise() {
    assertThat(scenario.feed(0, 4, 2, 0.5)).containsExactly("quiet", "started WARNING");
  }

  @Test
  void the_same_change_spread_over_more_than_the_window_is_not_a_breach() {
    assertThat(scenario.feed(0, -18, 8, -16, 16, -14, 24, -12)).containsOnly("quiet");
  }

  @Test
  void a_reading_exactly_one_window_old_is_still_inside_the_window() {
    assertThat(scenario.feed(0, -18, 10, -14)).containsExactly("quiet", "started WARNING");
  }

  @Test
  void a_spike_that_returns_within_the_window_still_counts() {
    assertThat(scenario.feed(0, -18, 1, -14, 2, -18))
        .containsExactly("quiet", "started WARNING", "continues");
  }

  @Test
  void the_breach_clears_once_the_extreme_reading_leaves_the_window() {
    var answers = scenario.feed(0, -18, 1, -14, 5, -14, 9.5, -14, 10.5, -14);

    assertThat(answers)
        .containsExactly("quiet", "started WARNING", "continues", "continues", "cleared");
    assertThat(scenario.last.measure()).isZero();
  }

  @Test
  void a_new_extreme_replaces_the_old_one_in_the_window() {
    var answers = scenario.feed(0, -18, 1, -19, 2, -15.5, 11.5, -15.5, 12, -19);

    assertThat(answers)
        .containsExactly("quiet", "quiet", "started WARNING", "cleared", "started WARNING");
  }

  @Test
  void a_warning_breach_escalates_when_the_spread_exceeds_the_critical_delta() {
    var escalating =
        Scenario.warningRule(
            new Condition.RateOfChange(3, Duration.ofMinutes(10), OptionalDouble.of(6)));

    assertThat(escalating.feed(0, -18, 1, -14, 2, -12, 3, -11.8, 4, -11.5))
        .containsExactly("quiet", "started WARNING", "continues", "escalated", "continues");
    assertThat(escalating.last.measure()).isEqualTo(6.5);
  }
}
