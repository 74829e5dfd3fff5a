package dev.fieldops.telemetry.domain.evaluation;

import static dev.fieldops.telemetry.fixture.ReadingFixtures.minute;
import static dev.fieldops.telemetry.fixture.ReadingFixtures.temperature;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.telemetry.domain.rule.Condition;
import dev.fieldops.telemetry.domain.rule.Direction;
import dev.fieldops.telemetry.fixture.RuleFixtures;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** SUSTAINED: above -15 °C continuously for 10 minutes of observe time. */
class SustainedEvaluationTest {

  private final Scenario scenario =
      Scenario.warningRule(RuleFixtures.sustainedAbove(-15, Duration.ofMinutes(10)));

  @Test
  void a_breach_starts_only_once_values_stay_beyond_the_level_for_the_whole_duration() {
    var answers = scenario.feed(0, -14, 5, -13, 9.99, -14, 10, -14);

    assertThat(answers).containsExactly("quiet", "quiet", "quiet", "started WARNING");
    assertThat(scenario.last.observeTime()).isEqualTo(minute(10));
  }

  @Test
  void one_normal_reading_resets_the_timer() {
    var answers = scenario.feed(0, -14, 5, -14, 6, -16, 7, -14, 15, -14, 17, -14);

    assertThat(answers)
        .containsExactly("quiet", "quiet", "quiet", "quiet", "quiet", "started WARNING");
  }

  @Test
  void a_value_at_the_level_is_normal() {
    assertThat(scenario.feed(0, -14, 5, -15, 10, -14, 19, -14, 20, -14))
        .containsExactly("quiet", "quiet", "quiet", "quiet", "started WARNING");
  }

  @Test
  void the_breach_continues_while_beyond_and_clears_on_the_first_normal_reading() {
    var answers = scenario.feed(0, -14, 10, -14, 11, -12, 12, -15.5, 13, -14);

    assertThat(answers)
        .containsExactly("quiet", "started WARNING", "continues", "cleared", "quiet");
  }

  @Test
  void a_late_reading_does_not_break_the_run() {
    scenario.feed(0, -14, 6, -14);
    var late = scenario.evaluate(List.of(temperature(scenario.device, 3, -20)));

    assertThat(late.late()).isEqualTo(1);
    assertThat(scenario.at(10, -14)).isEqualTo("started WARNING");
  }

  @Test
  void a_warning_breach_escalates_when_a_value_goes_beyond_the_critical_level() {
    var escalating =
        Scenario.warningRule(
            new Condition.Sustained(
                Direction.ABOVE, -15, Duration.ofMinutes(10), OptionalDouble.of(-10)));

    assertThat(escalating.feed(0, -14, 10, -14, 11, -9, 12, -8, 13, -16))
        .containsExactly("quiet", "started WARNING", "escalated", "continues", "cleared");
  }

  @Test
  void a_below_rule_watches_the_cold_side() {
    var cold =
        Scenario.warningRule(
            new Condition.Sustained(
                Direction.BELOW, -25, Duration.ofMinutes(5), OptionalDouble.empty()));

    assertThat(cold.feed(0, -26, 5, -27, 6, -24))
        .containsExactly("quiet", "started WARNING", "cleared");
  }
}
