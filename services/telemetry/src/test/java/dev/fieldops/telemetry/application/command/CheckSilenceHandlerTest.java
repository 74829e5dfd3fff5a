package dev.fieldops.telemetry.application.command;

import static dev.fieldops.telemetry.fixture.ReadingFixtures.minute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.telemetry.application.TelemetryApp;
import dev.fieldops.telemetry.domain.alert.AlertRaised;
import dev.fieldops.telemetry.domain.alert.AlertState;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.rule.Condition;
import dev.fieldops.telemetry.domain.rule.ConditionKind;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.Principals;
import dev.fieldops.telemetry.fixture.RuleFixtures;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The NO_DATA timer: silence raises, escalates, and the next reading clears. */
class CheckSilenceHandlerTest {

  private final TelemetryApp app = TelemetryApp.start();
  private final Device freezer = app.freezerOf(DeviceFixtures.ACME);

  @Test
  void a_silent_device_raises_a_no_data_alert_and_its_next_reading_clears_it() {
    app.ruleOn(freezer, Severity.WARNING, RuleFixtures.silenceOf(Duration.ofMinutes(15)));
    app.report(freezer, 1, -18);

    app.at(10);
    assertThat(app.checkSilence.handle()).isZero();
    app.at(16.5);
    assertThat(app.checkSilence.handle()).isEqualTo(1);

    var alert = app.onlyAlertOf(freezer.id());
    assertThat(alert.data().conditionKind()).isEqualTo(ConditionKind.NO_DATA);
    assertThat(alert.data().firstBreachTime()).isEqualTo(minute(16));
    assertThat(app.outbox.eventsOf(AlertRaised.class))
        .singleElement()
        .satisfies(raised -> assertThat(raised.value()).isEqualTo(15.5 * 60));

    app.report(freezer, 17, -18);

    assertThat(app.onlyAlertOf(freezer.id()).state()).isEqualTo(AlertState.CLEARED);
  }

  @Test
  void a_long_silence_escalates_the_alert() {
    app.ruleOn(
        freezer,
        Severity.WARNING,
        new Condition.NoData(Duration.ofMinutes(15), Optional.of(Duration.ofMinutes(60))));
    app.report(freezer, 0, -18);

    app.at(20);
    app.checkSilence.handle();
    app.at(61);
    app.checkSilence.handle();

    assertThat(app.onlyAlertOf(freezer.id()).severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void a_customer_wide_rule_watches_every_active_device_even_one_that_never_reported() {
    var quiet = app.freezerOf(DeviceFixtures.ACME);
    var retired = app.freezerOf(DeviceFixtures.ACME);
    app.decommissionDevice.handle(
        new DecommissionDevice(Principals.operator(), retired.id(), ExpectedVersion.any()));
    var otherCustomers = app.freezerOf(DeviceFixtures.GLOBEX);
    app.ruleOnAllDevicesOf(
        DeviceFixtures.ACME, Severity.WARNING, RuleFixtures.silenceOf(Duration.ofMinutes(15)));
    app.report(freezer, 10, -18);

    app.at(20);
    app.checkSilence.handle();

    assertThat(app.alertsOf(quiet.id())).hasSize(1);
    assertThat(app.alertsOf(freezer.id())).isEmpty();
    assertThat(app.alertsOf(retired.id())).isEmpty();
    assertThat(app.alertsOf(otherCustomers.id())).isEmpty();
  }

  @Test
  void silence_is_noticed_after_a_restart_for_a_device_that_has_not_reported_since() {
    app.ruleOn(freezer, Severity.WARNING, RuleFixtures.silenceOf(Duration.ofMinutes(15)));
    app.report(freezer, 1, -18);
    var restarted = app.restart();

    restarted.at(17);
    restarted.checkSilence.handle();

    assertThat(restarted.onlyAlertOf(freezer.id()).data().firstBreachTime()).isEqualTo(minute(16));
  }

  @Test
  void repeated_checks_keep_one_alert_and_update_its_silence() {
    app.ruleOn(freezer, Severity.WARNING, RuleFixtures.silenceOf(Duration.ofMinutes(15)));
    app.report(freezer, 0, -18);

    for (int minute = 15; minute <= 30; minute += 5) {
      app.at(minute);
      app.checkSilence.handle();
    }

    var alert = app.onlyAlertOf(freezer.id());
    assertThat(alert.data().lastValue()).isEqualTo(30 * 60.0);
    assertThat(app.outbox.eventsOf(AlertRaised.class)).hasSize(1);
  }
}
