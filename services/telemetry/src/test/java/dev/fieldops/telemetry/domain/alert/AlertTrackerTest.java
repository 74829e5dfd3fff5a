package dev.fieldops.telemetry.domain.alert;

import static dev.fieldops.telemetry.fixture.ReadingFixtures.minute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.evaluation.RuleOutcome.BreachContinues;
import dev.fieldops.telemetry.domain.evaluation.RuleOutcome.BreachEscalated;
import dev.fieldops.telemetry.domain.evaluation.RuleOutcome.BreachStarted;
import dev.fieldops.telemetry.domain.evaluation.RuleOutcome.ConditionCleared;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.RuleFixtures;
import dev.fieldops.telemetry.fixture.Stamps;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One open alert per (device, rule): outcomes update it rather than raise another. */
class AlertTrackerTest {

  private final Device freezer = DeviceFixtures.freezerOf(DeviceFixtures.ACME);
  private final AlertRule rule =
      RuleFixtures.onDevice(
          DeviceFixtures.ACME, freezer.id(), Severity.WARNING, RuleFixtures.above(-15, -17, -10));

  private BreachStarted started(double minute, double value, Severity severity) {
    return new BreachStarted(freezer.id(), rule.id(), minute(minute), value, severity);
  }

  private BreachContinues continues(double minute, double value) {
    return new BreachContinues(freezer.id(), rule.id(), minute(minute), value);
  }

  private ConditionCleared cleared(double minute, double value) {
    return new ConditionCleared(freezer.id(), rule.id(), minute(minute), value);
  }

  @Test
  void a_breach_raises_one_alert_and_repeated_breaches_update_it() {
    var tracker = new AlertTracker(List.of(), Stamps.atMinute(1));

    tracker.apply(started(1, -14, Severity.WARNING), freezer.profile(), rule);
    tracker.apply(continues(2, -12), freezer.profile(), rule);
    tracker.apply(continues(3, -13), freezer.profile(), rule);
    var changes = tracker.pullChanges();

    assertThat(changes)
        .singleElement()
        .satisfies(
            change -> {
              assertThat(change.isNew()).isTrue();
              assertThat(change.alert().peakValue()).isEqualTo(-12);
              assertThat(change.alert().lastValue()).isEqualTo(-13);
              assertThat(change.events()).singleElement().isInstanceOf(AlertRaised.class);
            });
  }

  @Test
  void a_breach_with_an_open_alert_updates_that_alert() {
    var open =
        Alert.raise(freezer.profile(), rule, Severity.WARNING, -14, minute(1), Stamps.atMinute(1));
    var stored = Alert.rehydrate(open.pullChange().alert());
    var tracker = new AlertTracker(List.of(stored), Stamps.atMinute(5));

    tracker.apply(started(5, -13, Severity.WARNING), freezer.profile(), rule);

    assertThat(tracker.pullChanges())
        .singleElement()
        .satisfies(
            change -> {
              assertThat(change.alert().id()).isEqualTo(stored.id());
              assertThat(change.expectedVersion()).isEqualTo(1);
              assertThat(change.events()).isEmpty();
            });
  }

  @Test
  void the_end_of_the_condition_clears_the_alert_and_a_new_breach_raises_a_new_one() {
    var tracker = new AlertTracker(List.of(), Stamps.atMinute(1));

    tracker.apply(started(1, -14, Severity.WARNING), freezer.profile(), rule);
    tracker.apply(cleared(2, -18), freezer.profile(), rule);
    tracker.apply(started(3, -14, Severity.WARNING), freezer.profile(), rule);
    var changes = tracker.pullChanges();

    assertThat(changes).hasSize(2);
    assertThat(changes.get(0).alert().state()).isEqualTo(AlertState.CLEARED);
    assertThat(changes.get(0).events())
        .extracting(e -> e.getClass().getSimpleName())
        .containsExactly("AlertRaised", "AlertCleared");
    assertThat(changes.get(1).alert().state()).isEqualTo(AlertState.ACTIVE);
    assertThat(changes.get(1).alert().id()).isNotEqualTo(changes.get(0).alert().id());
    assertThat(tracker.openAlertsOf(freezer.id())).containsOnlyKeys(rule.id());
  }

  @Test
  void an_escalation_escalates_the_open_alert() {
    var tracker = new AlertTracker(List.of(), Stamps.atMinute(1));
    tracker.apply(started(1, -14, Severity.WARNING), freezer.profile(), rule);

    tracker.apply(
        new BreachEscalated(freezer.id(), rule.id(), minute(2), -9), freezer.profile(), rule);

    var change = tracker.pullChanges().getFirst();
    assertThat(change.alert().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(change.events())
        .extracting(e -> e.getClass().getSimpleName())
        .containsExactly("AlertRaised", "AlertEscalated");
  }

  @Test
  void a_critical_start_while_a_warning_alert_is_open_escalates_it() {
    var open =
        Alert.rehydrate(
            Alert.raise(
                    freezer.profile(), rule, Severity.WARNING, -14, minute(1), Stamps.atMinute(1))
                .pullChange()
                .alert());
    var tracker = new AlertTracker(List.of(open), Stamps.atMinute(4));

    tracker.apply(started(4, -5, Severity.CRITICAL), freezer.profile(), rule);

    assertThat(tracker.pullChanges().getFirst().events())
        .singleElement()
        .isInstanceOf(AlertEscalated.class);
  }

  @Test
  void a_continuing_breach_without_an_open_alert_raises_one_and_a_clear_without_one_is_ignored() {
    var tracker = new AlertTracker(List.of(), Stamps.atMinute(1));

    tracker.apply(cleared(1, -18), freezer.profile(), rule);
    assertThat(tracker.pullChanges()).isEmpty();

    tracker.apply(continues(2, -14), freezer.profile(), rule);
    assertThat(tracker.pullChanges())
        .singleElement()
        .satisfies(
            change -> {
              assertThat(change.events()).singleElement().isInstanceOf(AlertRaised.class);
              assertThat(change.alert().severity()).isEqualTo(Severity.WARNING);
            });
  }

  @Test
  void clearing_all_for_another_cause_clears_every_open_alert_it_holds() {
    var first =
        Alert.rehydrate(
            Alert.raise(
                    freezer.profile(), rule, Severity.WARNING, -14, minute(1), Stamps.atMinute(1))
                .pullChange()
                .alert());
    var tracker = new AlertTracker(List.of(first), Stamps.atMinute(9));

    tracker.clearAll(alert -> true, ClearCause.DEVICE_DECOMMISSIONED);

    assertThat(tracker.pullChanges())
        .singleElement()
        .satisfies(
            change -> {
              assertThat(change.alert().clearCause()).contains(ClearCause.DEVICE_DECOMMISSIONED);
              assertThat(change.events())
                  .singleElement()
                  .isInstanceOfSatisfying(
                      AlertCleared.class, e -> assertThat(e.clearValue()).isEmpty());
            });
    assertThat(tracker.openAlertsOf(freezer.id())).isEmpty();
  }
}
