package dev.fieldops.telemetry.application.command;

import static dev.fieldops.telemetry.fixture.ReadingFixtures.minute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.telemetry.application.TelemetryApp;
import dev.fieldops.telemetry.domain.alert.AlertRaised;
import dev.fieldops.telemetry.domain.alert.AlertState;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.device.TemperatureChanged;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.RuleFixtures;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A restart loses the evaluators in memory; they come back from the last checkpoint plus the
 * readings stored after it, or from a replay of recent readings, and evaluation goes on as if
 * nothing happened.
 */
class RestartRecoveryTest {

  private final TelemetryApp app = TelemetryApp.start();
  private final Device freezer = app.freezerOf(DeviceFixtures.ACME);

  private void warmEveryMinute(TelemetryApp on, int from, int to) {
    for (int minute = from; minute <= to; minute++) {
      on.report(freezer, minute, -14);
    }
  }

  @Test
  void a_sustained_breach_interrupted_by_a_restart_resumes_from_the_stored_state() {
    app.ruleOn(freezer, Severity.WARNING, RuleFixtures.sustainedAbove(-15, Duration.ofMinutes(10)));
    warmEveryMinute(app, 0, 6);

    var restarted = app.restart();
    warmEveryMinute(restarted, 7, 12);

    assertThat(restarted.onlyAlertOf(freezer.id()).data().firstBreachTime()).isEqualTo(minute(10));
    assertThat(restarted.outbox.eventsOf(AlertRaised.class)).hasSize(1);
  }

  @Test
  void a_sustained_breach_whose_stored_state_is_lost_is_rebuilt_from_stored_readings() {
    app.ruleOn(freezer, Severity.WARNING, RuleFixtures.sustainedAbove(-15, Duration.ofMinutes(10)));
    warmEveryMinute(app, 0, 6);
    app.checkpoints.clear();

    var restarted = app.restart();
    warmEveryMinute(restarted, 7, 12);

    assertThat(restarted.onlyAlertOf(freezer.id()).data().firstBreachTime()).isEqualTo(minute(10));
  }

  @Test
  void an_alert_open_before_the_restart_is_continued_not_raised_again_and_clears_normally() {
    app.ruleOn(freezer, Severity.WARNING, RuleFixtures.above(-15, -17));
    app.report(freezer, 1, -14);

    var restarted = app.restart();
    restarted.report(freezer, 2, -16);
    restarted.report(freezer, 3, -17.5);

    var alert = restarted.onlyAlertOf(freezer.id());
    assertThat(alert.state()).isEqualTo(AlertState.CLEARED);
    assertThat(restarted.outbox.eventsOf(AlertRaised.class)).hasSize(1);
  }

  @Test
  void readings_a_restart_replays_are_not_reported_again() {
    app.report(freezer, 1, -18);
    app.report(freezer, 2, -16);
    var reportsBefore = app.outbox.eventsOf(TemperatureChanged.class).size();

    var restarted = app.restart();
    restarted.report(freezer, 3, -16.2);

    assertThat(restarted.outbox.eventsOf(TemperatureChanged.class)).hasSize(reportsBefore);
  }

  @Test
  void every_pass_stores_the_state_of_the_devices_it_evaluated() {
    var fridge = app.freezerOf(DeviceFixtures.ACME);
    app.report(freezer, 1, -18);
    app.report(fridge, 1, 4);

    assertThat(app.checkpoints.size()).isEqualTo(2);
  }
}
