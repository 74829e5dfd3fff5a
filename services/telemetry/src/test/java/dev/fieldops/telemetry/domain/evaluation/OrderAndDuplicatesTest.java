package dev.fieldops.telemetry.domain.evaluation;

import static dev.fieldops.telemetry.fixture.ReadingFixtures.humidity;
import static dev.fieldops.telemetry.fixture.ReadingFixtures.minute;
import static dev.fieldops.telemetry.fixture.ReadingFixtures.temperature;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.telemetry.domain.evaluation.RuleOutcome.BreachStarted;
import dev.fieldops.telemetry.domain.evaluation.RuleOutcome.ConditionCleared;
import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.RuleFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Readings are evaluated in observe-time order; late ones and duplicates are counted, not
 * evaluated.
 */
class OrderAndDuplicatesTest {

  private final Scenario scenario = Scenario.warningRule(RuleFixtures.above(8, 6));

  @Test
  void a_batch_in_any_order_is_evaluated_in_observe_time_order() {
    var result =
        scenario.evaluate(
            List.of(
                temperature(scenario.device, 2, 9),
                temperature(scenario.device, 0, 5),
                temperature(scenario.device, 1, 7)));

    assertThat(result.outcomes())
        .singleElement()
        .isInstanceOfSatisfying(
            BreachStarted.class, started -> assertThat(started.observeTime()).isEqualTo(minute(2)));
    assertThat(result.evaluated()).isEqualTo(3);
  }

  @Test
  void outcomes_of_one_batch_follow_observe_time() {
    var result =
        scenario.evaluate(
            List.of(
                temperature(scenario.device, 3, 5),
                temperature(scenario.device, 1, 9),
                temperature(scenario.device, 2, 10)));

    assertThat(result.outcomes())
        .extracting(RuleOutcome::observeTime)
        .containsExactly(minute(1), minute(2), minute(3));
    assertThat(result.outcomes().getLast()).isInstanceOf(ConditionCleared.class);
  }

  @Test
  void a_reading_older_than_the_last_evaluated_one_is_late_and_not_evaluated() {
    scenario.at(10, 5);

    var result = scenario.evaluate(List.of(temperature(scenario.device, 5, 9)));

    assertThat(result.late()).isEqualTo(1);
    assertThat(result.evaluated()).isZero();
    assertThat(result.outcomes()).isEmpty();
    assertThat(scenario.evaluator.isBreached(scenario.rule.id())).isFalse();
  }

  @Test
  void
      a_reading_with_the_same_observe_time_as_the_last_one_is_a_duplicate_and_ignored_whatever_its_value() {
    scenario.at(10, 5);

    var result = scenario.evaluate(List.of(temperature(scenario.device, 10, 9)));

    assertThat(result.duplicates()).isEqualTo(1);
    assertThat(result.outcomes()).isEmpty();
    assertThat(scenario.evaluator.lastEvaluated(Metric.TEMPERATURE_CELSIUS)).contains(minute(10));
  }

  @Test
  void duplicates_within_one_batch_are_evaluated_once() {
    var result =
        scenario.evaluate(
            List.of(temperature(scenario.device, 1, 9), temperature(scenario.device, 1, 9)));

    assertThat(result.evaluated()).isEqualTo(1);
    assertThat(result.duplicates()).isEqualTo(1);
    assertThat(result.outcomes()).hasSize(1);
  }

  @Test
  void each_metric_keeps_its_own_order() {
    scenario.at(10, 5);

    var result = scenario.evaluate(List.of(humidity(scenario.device, 5, 40)));

    assertThat(result.late()).isZero();
    assertThat(result.evaluated()).isEqualTo(1);
  }

  @Test
  void a_reading_of_another_device_is_refused() {
    var stranger = DeviceFixtures.freezerOf(DeviceFixtures.GLOBEX).id();

    assertThatThrownBy(() -> scenario.evaluate(List.of(temperature(stranger, 1, 5))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
