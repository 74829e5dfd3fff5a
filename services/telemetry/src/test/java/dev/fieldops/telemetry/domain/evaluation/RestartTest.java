package dev.fieldops.telemetry.domain.evaluation;

import static dev.fieldops.telemetry.fixture.ReadingFixtures.minute;
import static dev.fieldops.telemetry.fixture.ReadingFixtures.temperature;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.evaluation.RuleOutcome.BreachStarted;
import dev.fieldops.telemetry.domain.reading.Reading;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.RuleFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Evaluation state survives a restart, through a snapshot or by replaying stored readings: the same
 * readings give the same outcomes at the same observe times as without the restart.
 */
class RestartTest {

  private static final double DEADBAND = 0.5;

  private final DeviceId device = DeviceFixtures.freezerOf(DeviceFixtures.ACME).id();
  private final AlertRule sustained =
      RuleFixtures.sustainedAboveFor(DeviceFixtures.ACME, device, -15, Duration.ofMinutes(10));
  private final List<AlertRule> rules = List.of(sustained);

  /** -14 °C every minute from minute 0 to 15: the sustained breach starts at minute 10. */
  private final List<Reading> warmRun =
      IntStream.rangeClosed(0, 15).mapToObj(m -> temperature(device, m, -14)).toList();

  private static Optional<Instant> breachStart(List<RuleOutcome> outcomes) {
    return outcomes.stream()
        .filter(BreachStarted.class::isInstance)
        .map(RuleOutcome::observeTime)
        .findFirst();
  }

  private List<RuleOutcome> evaluateOneByOne(DeviceEvaluator evaluator, List<Reading> readings) {
    var outcomes = new ArrayList<RuleOutcome>();
    for (Reading reading : readings) {
      outcomes.addAll(evaluator.evaluate(List.of(reading), rules, DEADBAND).outcomes());
    }
    return outcomes;
  }

  @Test
  void a_restart_through_a_snapshot_in_the_middle_of_a_sustained_run_fires_at_the_same_time() {
    var uninterrupted = evaluateOneByOne(DeviceEvaluator.start(device, minute(0)), warmRun);

    var beforeRestart = DeviceEvaluator.start(device, minute(0));
    var outcomes = new ArrayList<>(evaluateOneByOne(beforeRestart, warmRun.subList(0, 6)));
    var afterRestart = DeviceEvaluator.restore(beforeRestart.snapshot());
    outcomes.addAll(evaluateOneByOne(afterRestart, warmRun.subList(6, warmRun.size())));

    assertThat(breachStart(uninterrupted)).contains(minute(10));
    assertThat(outcomes).isEqualTo(uninterrupted);
  }

  @Test
  void a_restart_by_replaying_stored_readings_fires_at_the_same_time() {
    var uninterrupted = evaluateOneByOne(DeviceEvaluator.start(device, minute(0)), warmRun);
    var stored = warmRun.subList(0, 6);

    var rebuilt = DeviceEvaluator.rebuild(device, minute(0), stored, rules, DEADBAND);
    var outcomes = evaluateOneByOne(rebuilt, warmRun.subList(6, warmRun.size()));

    assertThat(breachStart(outcomes)).contains(minute(10));
    assertThat(outcomes).isEqualTo(uninterrupted);
  }

  @Test
  void a_checkpoint_plus_the_readings_stored_after_it_catches_up_exactly() {
    var uninterrupted = evaluateOneByOne(DeviceEvaluator.start(device, minute(0)), warmRun);
    var running = DeviceEvaluator.start(device, minute(0));
    evaluateOneByOne(running, warmRun.subList(0, 3));
    var checkpoint = running.snapshot();
    evaluateOneByOne(running, warmRun.subList(3, 7));

    var restored = DeviceEvaluator.restore(checkpoint);
    restored.replay(warmRun.subList(0, 7), rules, DEADBAND);

    assertThat(restored.snapshot()).isEqualTo(running.snapshot());
    var outcomes = evaluateOneByOne(restored, warmRun.subList(7, warmRun.size()));
    assertThat(outcomes)
        .isEqualTo(
            uninterrupted.subList(uninterrupted.size() - outcomes.size(), uninterrupted.size()));
    assertThat(breachStart(outcomes)).contains(minute(10));
  }

  @Test
  void a_replay_drops_its_outcomes_they_were_acted_on_before() {
    var rebuilt = DeviceEvaluator.start(device, minute(0));

    rebuilt.replay(warmRun, rules, DEADBAND);

    assertThat(rebuilt.isBreached(sustained.id())).isTrue();
    assertThat(evaluateOneByOne(rebuilt, List.of(temperature(device, 16, -14))))
        .singleElement()
        .isInstanceOf(RuleOutcome.BreachContinues.class);
  }

  @Test
  void a_breach_in_progress_survives_a_snapshot_and_clears_rather_than_starts_again() {
    var evaluator = DeviceEvaluator.start(device, minute(0));
    evaluateOneByOne(evaluator, warmRun);

    var restored = DeviceEvaluator.restore(evaluator.snapshot());

    assertThat(
            evaluateOneByOne(
                restored, List.of(temperature(device, 16, -14), temperature(device, 17, -16))))
        .extracting(outcome -> outcome.getClass().getSimpleName())
        .containsExactly("BreachContinues", "ConditionCleared");
  }

  @Test
  void every_kind_of_state_restores_to_an_identical_evaluator() {
    var rich =
        List.of(
            RuleFixtures.aboveThreshold(DeviceFixtures.ACME, device, -15, -17),
            RuleFixtures.onDevice(
                DeviceFixtures.ACME,
                device,
                Severity.WARNING,
                RuleFixtures.changeOfMoreThan(2, Duration.ofMinutes(10))),
            sustained,
            RuleFixtures.noDataFor(DeviceFixtures.ACME, device, Duration.ofMinutes(15)));
    var evaluator = DeviceEvaluator.start(device, minute(0));
    evaluator.evaluate(
        List.of(
            temperature(device, 1, -18),
            temperature(device, 2, -14.5),
            temperature(device, 3, -16)),
        rich,
        DEADBAND);
    evaluator.checkSilence(minute(30), rich);
    var snapshot = evaluator.snapshot();

    var restored = DeviceEvaluator.restore(snapshot);

    assertThat(restored.snapshot()).isEqualTo(snapshot);
    var next = List.of(temperature(device, 31, -13.0), temperature(device, 32, -17.5));
    assertThat(restored.evaluate(next, rich, DEADBAND))
        .isEqualTo(evaluator.evaluate(next, rich, DEADBAND));
  }

  @Test
  void the_last_reported_temperature_survives_a_snapshot() {
    var evaluator = DeviceEvaluator.start(device, minute(0));
    evaluator.evaluate(List.of(temperature(device, 1, -18.0)), List.of(), DEADBAND);

    var restored = DeviceEvaluator.restore(evaluator.snapshot());

    assertThat(
            restored
                .evaluate(List.of(temperature(device, 2, -18.3)), List.of(), DEADBAND)
                .temperatureChanges())
        .isEmpty();
    assertThat(
            restored
                .evaluate(List.of(temperature(device, 3, -17.3)), List.of(), DEADBAND)
                .temperatureChanges())
        .hasSize(1);
  }

  @Test
  void an_open_alert_makes_a_rebuilt_evaluator_treat_the_rule_as_breached() {
    var threshold = RuleFixtures.aboveThreshold(DeviceFixtures.ACME, device, -15, -17);
    var rebuilt =
        DeviceEvaluator.rebuild(
            device, minute(0), List.of(temperature(device, 1, -16)), List.of(threshold), DEADBAND);
    assertThat(rebuilt.isBreached(threshold.id())).isFalse();

    rebuilt.reconcile(List.of(threshold), Map.of(threshold.id(), Severity.WARNING));

    assertThat(rebuilt.isBreached(threshold.id())).isTrue();
    assertThat(
            rebuilt
                .evaluate(List.of(temperature(device, 2, -16.5)), List.of(threshold), DEADBAND)
                .outcomes())
        .singleElement()
        .isInstanceOf(RuleOutcome.BreachContinues.class);
    assertThat(
            rebuilt
                .evaluate(List.of(temperature(device, 3, -17)), List.of(threshold), DEADBAND)
                .outcomes())
        .singleElement()
        .isInstanceOf(RuleOutcome.ConditionCleared.class);
  }
}
