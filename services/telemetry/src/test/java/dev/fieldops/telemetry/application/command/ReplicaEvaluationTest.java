package dev.fieldops.telemetry.application.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.telemetry.application.TelemetryApp;
import dev.fieldops.telemetry.domain.alert.Alert;
import dev.fieldops.telemetry.domain.alert.AlertRaised;
import dev.fieldops.telemetry.domain.alert.AlertState;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.RuleFixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the application over the same stores, both alive, each keeping its evaluators in
 * memory: the stored state's version tells each when its cached evaluator is stale, so readings and
 * silence checks may go to either and the alerts are those of one instance.
 */
class ReplicaEvaluationTest {

  private final TelemetryApp one = TelemetryApp.start();
  private final TelemetryApp other = one.restart();
  private final Device freezer = one.freezerOf(DeviceFixtures.ACME);

  @Test
  void a_silence_raised_on_one_replica_is_not_raised_again_by_the_other_and_clears_there() {
    one.ruleOn(freezer, Severity.WARNING, RuleFixtures.silenceOf(Duration.ofMinutes(15)));
    one.report(freezer, 1, -18);

    one.at(16.5);
    assertThat(other.checkSilence.handle()).isEqualTo(1);
    one.at(16.8);
    one.checkSilence.handle();
    assertThat(one.outbox.eventsOf(AlertRaised.class))
        .as("the other replica's state, not its own cache")
        .hasSize(1);
    assertThat(one.onlyAlertOf(freezer.id()).state()).isEqualTo(AlertState.ACTIVE);
    one.at(17);
    one.report(freezer, 17, -18);

    assertThat(one.onlyAlertOf(freezer.id()).state()).isEqualTo(AlertState.CLEARED);
    assertThat(one.outbox.eventsOf(AlertRaised.class)).hasSize(1);
  }

  @Test
  void readings_and_silence_checks_spread_over_two_replicas_give_the_alerts_of_one() {
    var alone = TelemetryApp.start();
    var soloFreezer = alone.freezerOf(DeviceFixtures.ACME);
    for (var app : List.of(one, alone)) {
      var device = app == one ? freezer : soloFreezer;
      app.ruleOn(device, Severity.WARNING, RuleFixtures.above(-15, -17));
      app.ruleOn(
          device, Severity.CRITICAL, RuleFixtures.sustainedAbove(-16, Duration.ofMinutes(3)));
      app.ruleOn(device, Severity.WARNING, RuleFixtures.changeOfMoreThan(3, Duration.ofMinutes(2)));
      app.ruleOn(device, Severity.WARNING, RuleFixtures.silenceOf(Duration.ofMinutes(4)));
    }
    var random = new Random(17);
    double value = -18;
    double minute = 0;
    for (int step = 0; step < 120; step++) {
      minute += random.nextInt(8) == 0 ? 5 : 0.5; // now and then a silence
      value = Math.max(-22, Math.min(-8, value + random.nextGaussian() + (step % 15 == 0 ? 4 : 0)));
      value = Math.round(value * 10) / 10.0;
      var replica = random.nextBoolean() ? one : other;
      if (random.nextInt(4) == 0) {
        one.at(minute);
        alone.at(minute);
        replica.checkSilence.handle();
        alone.checkSilence.handle();
      }
      replica.report(freezer, minute, value);
      alone.report(soloFreezer, minute, value);
    }

    var replicated = describe(one.alertsOf(freezer.id()));
    assertThat(replicated).isEqualTo(describe(alone.alertsOf(soloFreezer.id())));
    assertThat(String.join("\n", replicated))
        .contains("THRESHOLD", "SUSTAINED", "RATE_OF_CHANGE", "NO_DATA", "CLEARED");
  }

  private static List<String> describe(List<Alert> alerts) {
    var described = new ArrayList<String>();
    for (Alert alert : alerts.reversed()) {
      var data = alert.data();
      described.add(
          String.join(
              " ",
              data.conditionKind().name(),
              data.severity().name(),
              data.state().name(),
              "raise=" + data.raiseValue(),
              "peak=" + data.peakValue(),
              "last=" + data.lastValue(),
              "first=" + data.firstBreachTime(),
              "lastBreach=" + data.lastBreachTime(),
              "cleared=" + data.clearTime().map(Object::toString).orElse("-"),
              "cause=" + data.clearCause().map(Object::toString).orElse("-")));
    }
    return described;
  }
}
