package dev.fieldops.telemetry.domain.evaluation;

import static dev.fieldops.telemetry.fixture.ReadingFixtures.humidity;
import static dev.fieldops.telemetry.fixture.ReadingFixtures.minute;
import static dev.fieldops.telemetry.fixture.ReadingFixtures.temperature;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.domain.reading.Reading;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.RuleTarget;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.RuleFixtures;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * Progress: how far an evaluator has read. A change of progress alone follows from the stored
 * readings, so catching up to the latest stored observe times gives exactly the state that
 * evaluating those readings gave.
 */
class ProgressTest {

  private static final double DEADBAND = 0.5;

  private final DeviceId device = DeviceFixtures.freezerOf(DeviceFixtures.ACME).id();
  private final AlertRule warm = RuleFixtures.aboveThreshold(DeviceFixtures.ACME, device, -15, -17);
  private final AlertRule silentTemperature =
      RuleFixtures.noDataFor(DeviceFixtures.ACME, device, Duration.ofMinutes(10));
  private final AlertRule damp =
      RuleFixtures.rule(
          DeviceFixtures.ACME,
          new RuleTarget.SingleDevice(device),
          Severity.WARNING,
          Metric.HUMIDITY_PERCENT,
          RuleFixtures.above(80, 70));
  private final List<AlertRule> rules = List.of(warm, silentTemperature, damp);

  private DeviceEvaluator evaluatedThrough(List<Reading> readings) {
    var evaluator = DeviceEvaluator.start(device, minute(0));
    evaluator.evaluate(readings, rules, DEADBAND);
    return evaluator;
  }

  @Test
  void readings_that_change_nothing_but_progress_differ_only_in_progress() {
    var before = evaluatedThrough(List.of(temperature(device, 1, -18), humidity(device, 1, 50)));
    var earlier = before.snapshot();

    before.evaluate(
        List.of(temperature(device, 2, -18.2), humidity(device, 2, 55)), rules, DEADBAND);
    var later = before.snapshot();

    assertThat(later).isNotEqualTo(earlier);
    assertThat(later.differsOnlyInProgress(earlier)).isTrue();
  }

  @Test
  void a_breach_a_reported_temperature_or_a_first_metric_is_more_than_progress() {
    var base = List.of(temperature(device, 1, -18));
    var earlier = evaluatedThrough(base).snapshot();

    var breached = evaluatedThrough(base);
    breached.evaluate(List.of(temperature(device, 2, -14.9)), rules, 10.0);
    var reported = evaluatedThrough(base);
    reported.evaluate(List.of(temperature(device, 2, -17)), rules, DEADBAND);
    var newMetric = evaluatedThrough(base);
    newMetric.evaluate(List.of(humidity(device, 2, 50)), rules, DEADBAND);

    assertThat(breached.snapshot().differsOnlyInProgress(earlier)).isFalse();
    assertThat(reported.snapshot().differsOnlyInProgress(earlier)).isFalse();
    assertThat(newMetric.snapshot().differsOnlyInProgress(earlier)).isFalse();
  }

  @Test
  void a_silence_rules_last_seen_time_is_progress_its_breach_escalation_and_version_are_not() {
    var id = silentTemperature.id();
    var seen = new RuleStateSnapshot.NoDataState(id, 1, false, false, minute(1));
    var seenLater = new RuleStateSnapshot.NoDataState(id, 1, false, false, minute(2));
    var earlier = withRules(List.of(seen));

    assertThat(withRules(List.of(seenLater)).differsOnlyInProgress(earlier)).isTrue();
    for (var more :
        List.of(
            new RuleStateSnapshot.NoDataState(id, 1, true, false, minute(2)),
            new RuleStateSnapshot.NoDataState(id, 1, true, true, minute(2)),
            new RuleStateSnapshot.NoDataState(id, 2, false, false, minute(2)),
            new RuleStateSnapshot.NoDataState(
                RuleFixtures.noDataFor(DeviceFixtures.ACME, device, Duration.ofMinutes(5)).id(),
                1,
                false,
                false,
                minute(2)))) {
      assertThat(withRules(List.of(more)).differsOnlyInProgress(earlier)).as("%s", more).isFalse();
    }
    assertThat(withRules(List.of(seenLater, seenLater)).differsOnlyInProgress(earlier)).isFalse();
    assertThat(withRules(List.of()).differsOnlyInProgress(earlier)).isFalse();
  }

  private DeviceEvaluatorSnapshot withRules(List<RuleStateSnapshot> states) {
    return new DeviceEvaluatorSnapshot(
        device,
        minute(0),
        Map.of(Metric.TEMPERATURE_CELSIUS, minute(1)),
        OptionalDouble.of(-18),
        states);
  }

  @Test
  void catching_up_to_the_latest_stored_readings_gives_the_state_evaluating_them_gave() {
    var first = List.of(temperature(device, 1, -18), humidity(device, 1, 50));
    var more =
        List.of(
            temperature(device, 2, -18.1),
            temperature(device, 3, -17.9),
            humidity(device, 2.5, 52));
    var evaluated = evaluatedThrough(first);
    var stored = evaluated.snapshot();
    evaluated.evaluate(more, rules, DEADBAND);
    assertThat(evaluated.snapshot().differsOnlyInProgress(stored)).isTrue();

    var caughtUp = DeviceEvaluator.restore(stored);
    caughtUp.catchUp(
        Map.of(Metric.TEMPERATURE_CELSIUS, minute(3), Metric.HUMIDITY_PERCENT, minute(2.5)), rules);

    assertThat(caughtUp.snapshot()).isEqualTo(evaluated.snapshot());
  }

  @Test
  void
      after_catching_up_a_reading_older_than_the_latest_stored_is_late_and_silence_counts_from_it() {
    var evaluator = evaluatedThrough(List.of(temperature(device, 1, -18)));

    evaluator.catchUp(Map.of(Metric.TEMPERATURE_CELSIUS, minute(5)), rules);
    var lateBreach = evaluator.evaluate(List.of(temperature(device, 4, -10)), rules, DEADBAND);
    var silence = evaluator.checkSilence(minute(14), rules);

    assertThat(lateBreach.late()).isEqualTo(1);
    assertThat(lateBreach.outcomes()).isEmpty();
    assertThat(silence.outcomes()).isEmpty();
    assertThat(evaluator.checkSilence(minute(15), rules).outcomes()).hasSize(1);
  }

  @Test
  void catching_up_leaves_metrics_never_evaluated_and_earlier_times_alone() {
    var evaluator = evaluatedThrough(List.of(temperature(device, 3, -18)));
    var before = evaluator.snapshot();

    evaluator.catchUp(
        Map.of(Metric.TEMPERATURE_CELSIUS, minute(2), Metric.HUMIDITY_PERCENT, minute(4)), rules);

    assertThat(evaluator.snapshot()).isEqualTo(before);
  }

  @Test
  void progress_counts_from_the_stored_times_per_metric() {
    var snapshot =
        evaluatedThrough(List.of(temperature(device, 3, -18), humidity(device, 1.5, 50)))
            .snapshot();

    var minuteBehind =
        Map.of(Metric.TEMPERATURE_CELSIUS, minute(2), Metric.HUMIDITY_PERCENT, minute(1.5));
    var lessThanAMinute =
        Map.of(Metric.TEMPERATURE_CELSIUS, minute(2.5), Metric.HUMIDITY_PERCENT, minute(1));

    assertThat(snapshot.progressedBy(minuteBehind, Duration.ofMinutes(1))).isTrue();
    assertThat(snapshot.progressedBy(lessThanAMinute, Duration.ofMinutes(1))).isFalse();
    assertThat(
            snapshot.progressedBy(
                Map.of(Metric.TEMPERATURE_CELSIUS, minute(3)), Duration.ofMinutes(1)))
        .isTrue();
  }
}
