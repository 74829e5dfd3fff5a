package dev.fieldops.telemetry.domain.evaluation;

import static dev.fieldops.telemetry.fixture.ReadingFixtures.minute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.telemetry.domain.evaluation.RuleOutcome.BreachStarted;
import dev.fieldops.telemetry.domain.rule.Condition;
import dev.fieldops.telemetry.domain.rule.Direction;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.fixture.RuleFixtures;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * THRESHOLD with hysteresis. Parameterized tests run the same story for ABOVE (raise 8, clear 6)
 * and its mirror image BELOW (raise -8, clear -6), with every value negated.
 */
class ThresholdEvaluationTest {

  private static double sign(Direction direction) {
    return direction == Direction.ABOVE ? 1 : -1;
  }

  private static Scenario raiseAt8ClearAt6(Direction direction) {
    double s = sign(direction);
    return Scenario.warningRule(
        new Condition.Threshold(direction, 8 * s, 6 * s, OptionalDouble.empty()));
  }

  @ParameterizedTest
  @EnumSource(Direction.class)
  void a_value_beyond_the_raise_level_starts_a_breach_but_the_level_itself_does_not(
      Direction direction) {
    double s = sign(direction);
    var scenario = raiseAt8ClearAt6(direction);

    assertThat(scenario.at(1, 7.9 * s)).isEqualTo("quiet");
    assertThat(scenario.at(2, 8.0 * s)).isEqualTo("quiet");
    assertThat(scenario.at(3, 8.1 * s)).isEqualTo("started WARNING");
    assertThat(scenario.last.measure()).isEqualTo(8.1 * s);
    assertThat(scenario.last.observeTime()).isEqualTo(minute(3));
  }

  @ParameterizedTest
  @EnumSource(Direction.class)
  void values_oscillating_between_the_clear_and_raise_levels_do_not_flap(Direction direction) {
    double s = sign(direction);
    var scenario = raiseAt8ClearAt6(direction);

    var answers =
        scenario.feed(
            1, 9 * s, 2, 7 * s, 3, 7.9 * s, 4, 6.1 * s, 5, 8.5 * s, 6, 6.5 * s, 7, 7.5 * s);

    assertThat(answers)
        .containsExactly(
            "started WARNING",
            "continues",
            "continues",
            "continues",
            "continues",
            "continues",
            "continues");
  }

  @ParameterizedTest
  @EnumSource(Direction.class)
  void
      a_breach_clears_at_the_clear_level_and_the_band_stays_quiet_until_the_raise_level_is_crossed_again(
          Direction direction) {
    double s = sign(direction);
    var scenario = raiseAt8ClearAt6(direction);

    var answers = scenario.feed(1, 9 * s, 2, 6 * s, 3, 7 * s, 4, 7.9 * s, 5, 8.2 * s);

    assertThat(answers)
        .containsExactly("started WARNING", "cleared", "quiet", "quiet", "started WARNING");
  }

  @Test
  void a_clear_level_equal_to_the_raise_level_means_no_band() {
    var scenario = Scenario.warningRule(RuleFixtures.above(8, 8));

    assertThat(scenario.feed(1, 8.5, 2, 8.0, 3, 8.01))
        .containsExactly("started WARNING", "cleared", "started WARNING");
  }

  @Test
  void every_breaching_reading_continues_the_breach_with_its_value() {
    var scenario = Scenario.warningRule(RuleFixtures.above(8, 6));
    scenario.at(1, 9);

    assertThat(scenario.at(2, 11)).isEqualTo("continues");
    assertThat(scenario.last.measure()).isEqualTo(11);
    assertThat(scenario.at(3, 10)).isEqualTo("continues");
    assertThat(scenario.last.measure()).isEqualTo(10);
  }

  @Test
  void a_warning_breach_escalates_once_when_it_goes_beyond_the_critical_level() {
    var scenario = Scenario.warningRule(RuleFixtures.above(8, 6, 12));

    var answers = scenario.feed(1, 9, 2, 12, 3, 12.5, 4, 14, 5, 10, 6, 13);

    assertThat(answers)
        .containsExactly(
            "started WARNING", "continues", "escalated", "continues", "continues", "continues");
  }

  @Test
  void a_breach_that_starts_beyond_the_critical_level_starts_critical() {
    var scenario = Scenario.warningRule(RuleFixtures.above(8, 6, 12));

    assertThat(scenario.at(1, 15)).isEqualTo("started CRITICAL");
    assertThat(scenario.at(2, 16)).isEqualTo("continues");
  }

  @Test
  void after_a_clear_the_next_breach_starts_at_the_rules_own_severity_again() {
    var scenario = Scenario.warningRule(RuleFixtures.above(8, 6, 12));

    var answers = scenario.feed(1, 13, 2, 5, 3, 9, 4, 13);

    assertThat(answers)
        .containsExactly("started CRITICAL", "cleared", "started WARNING", "escalated");
  }

  @Test
  void a_critical_rule_starts_critical() {
    var scenario = Scenario.criticalRule(RuleFixtures.above(8, 6));

    scenario.at(1, 9);

    assertThat(scenario.last)
        .isInstanceOfSatisfying(
            BreachStarted.class,
            started -> assertThat(started.severity()).isEqualTo(Severity.CRITICAL));
  }
}
