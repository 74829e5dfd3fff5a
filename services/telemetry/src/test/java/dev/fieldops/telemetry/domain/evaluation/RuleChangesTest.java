package dev.fieldops.telemetry.domain.evaluation;

import static dev.fieldops.telemetry.fixture.ReadingFixtures.minute;
import static dev.fieldops.telemetry.fixture.ReadingFixtures.temperature;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.RuleFixtures;
import dev.fieldops.telemetry.fixture.Stamps;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The evaluator follows the rules it is given: new versions start over, removed rules are
 * forgotten.
 */
class RuleChangesTest {

  private final DeviceId device = DeviceFixtures.freezerOf(DeviceFixtures.ACME).id();
  private final DeviceEvaluator evaluator = DeviceEvaluator.start(device, minute(0));
  private final AlertRule sustained =
      RuleFixtures.sustainedAboveFor(DeviceFixtures.ACME, device, -15, Duration.ofMinutes(10));

  @Test
  void a_new_version_of_a_rule_starts_its_state_over() {
    evaluator.evaluate(
        List.of(temperature(device, 0, -14), temperature(device, 6, -14)), List.of(sustained), 0.5);
    var renamed =
        sustained.revise(
            AlertRule.Revision.none().withDisplayName("Door left open"), Stamps.atMinute(7).now());

    var result = evaluator.evaluate(List.of(temperature(device, 10, -14)), List.of(renamed), 0.5);

    assertThat(result.outcomes()).isEmpty();
    assertThat(
            evaluator
                .evaluate(List.of(temperature(device, 20, -14)), List.of(renamed), 0.5)
                .outcomes())
        .hasSize(1);
  }

  @Test
  void a_rule_no_longer_given_is_forgotten() {
    evaluator.evaluate(
        List.of(temperature(device, 0, -14), temperature(device, 10, -14)),
        List.of(sustained),
        0.5);
    assertThat(evaluator.isBreached(sustained.id())).isTrue();

    evaluator.evaluate(List.of(temperature(device, 11, -14)), List.of(), 0.5);

    assertThat(evaluator.isBreached(sustained.id())).isFalse();
    assertThat(evaluator.snapshot().rules()).isEmpty();
  }

  @Test
  void a_disabled_rule_is_not_evaluated() {
    var disabled = sustained.revise(AlertRule.Revision.none().withEnabled(false), Stamps.T0);

    var result =
        evaluator.evaluate(
            List.of(temperature(device, 0, -14), temperature(device, 10, -14)),
            List.of(disabled),
            0.5);

    assertThat(result.outcomes()).isEmpty();
    assertThat(evaluator.snapshot().rules()).isEmpty();
  }

  @Test
  void several_rules_of_a_device_are_evaluated_side_by_side() {
    var threshold = RuleFixtures.aboveThreshold(DeviceFixtures.ACME, device, -15, -17);
    var critical =
        RuleFixtures.onDevice(
            DeviceFixtures.ACME, device, Severity.CRITICAL, RuleFixtures.above(-10, -12));

    var result =
        evaluator.evaluate(
            List.of(temperature(device, 0, -14), temperature(device, 1, -9)),
            List.of(threshold, critical),
            0.5);

    assertThat(result.outcomes())
        .extracting(RuleOutcome::ruleId)
        .containsExactly(threshold.id(), threshold.id(), critical.id());
  }

  @Test
  void reconciling_with_a_critical_alert_marks_the_breach_escalated() {
    var escalating =
        RuleFixtures.onDevice(
            DeviceFixtures.ACME, device, Severity.WARNING, RuleFixtures.above(-15, -17, -10));

    evaluator.reconcile(List.of(escalating), Map.of(escalating.id(), Severity.CRITICAL));

    assertThat(
            evaluator
                .evaluate(List.of(temperature(device, 1, -5)), List.of(escalating), 0.5)
                .outcomes())
        .singleElement()
        .isInstanceOf(RuleOutcome.BreachContinues.class);
  }
}
