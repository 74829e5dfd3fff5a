package dev.fieldops.telemetry.domain.alert;

import static dev.fieldops.telemetry.fixture.ReadingFixtures.minute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.device.DeviceKind;
import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.Condition;
import dev.fieldops.telemetry.domain.rule.Direction;
import dev.fieldops.telemetry.domain.rule.RuleTarget;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.RuleFixtures;
import dev.fieldops.telemetry.fixture.Stamps;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** One summary per alert: written when it is raised, the same text wherever it is shown. */
class AlertSummaryTest {

  private final Device freezer =
      Device.register(
          new Device.Registration(
              DeviceFixtures.ACME,
              "Freezer 3, back store",
              "Warehouse 2",
              DeviceKind.FREEZER,
              Optional.empty()),
          Stamps.at(Stamps.T0));

  private String summaryOf(Condition condition, double measure) {
    return summaryOf(Metric.TEMPERATURE_CELSIUS, condition, measure);
  }

  private String summaryOf(Metric metric, Condition condition, double measure) {
    var rule =
        RuleFixtures.rule(
            DeviceFixtures.ACME,
            new RuleTarget.SingleDevice(freezer.id()),
            Severity.WARNING,
            metric,
            condition);
    return AlertSummary.of(freezer.profile(), rule, measure);
  }

  @Test
  void a_summary_names_the_device_the_value_and_the_level_it_crossed() {
    assertThat(summaryOf(RuleFixtures.above(-15, -17), -9.5))
        .isEqualTo("Freezer 3, back store: -9.5 °C is above -15.0 °C");
    assertThat(summaryOf(RuleFixtures.below(-30, -28), -31.25))
        .isEqualTo("Freezer 3, back store: -31.3 °C is below -30.0 °C");
    assertThat(
            summaryOf(
                Metric.HUMIDITY_PERCENT,
                new Condition.Threshold(Direction.ABOVE, 80, 75, OptionalDouble.empty()),
                85))
        .isEqualTo("Freezer 3, back store: 85.0 % is above 80.0 %");
  }

  @Test
  void each_kind_of_condition_says_what_went_wrong_in_its_own_terms() {
    assertThat(summaryOf(RuleFixtures.sustainedAbove(-15, Duration.ofMinutes(10)), -14))
        .isEqualTo("Freezer 3, back store: -14.0 °C has stayed above -15.0 °C for 10 min");
    assertThat(summaryOf(RuleFixtures.changeOfMoreThan(3, Duration.ofMinutes(10)), 3.5))
        .isEqualTo(
            "Freezer 3, back store: temperature changed by 3.5 °C within 10 min (more than 3.0 °C)");
    assertThat(summaryOf(RuleFixtures.silenceOf(Duration.ofMinutes(15)), 960))
        .isEqualTo("Freezer 3, back store: no temperature reading for 15 min");
    assertThat(summaryOf(RuleFixtures.silenceOf(Duration.ofHours(6)), 21_700))
        .isEqualTo("Freezer 3, back store: no temperature reading for 6 h");
  }

  @Test
  void the_summary_is_written_when_the_alert_is_raised_and_never_rewritten() {
    AlertRule rule =
        RuleFixtures.onDevice(
            DeviceFixtures.ACME, freezer.id(), Severity.WARNING, RuleFixtures.above(-15, -17, -10));
    var alert =
        Alert.raise(
            freezer.profile(), rule, Severity.WARNING, -14.0, minute(1), Stamps.atMinute(1));
    var raised = (AlertRaised) alert.pendingEvents().getFirst();
    var atRaise = alert.data().summary();

    alert.recordBreach(-12.0, minute(2), minute(2));
    alert.escalate(-8.0, minute(3), Stamps.atMinute(3));
    alert.acknowledge("olga", Stamps.atMinute(4));
    alert.clear(ClearCause.CONDITION_ENDED, OptionalDouble.of(-18), minute(5), Stamps.atMinute(5));

    assertThat(atRaise).isEqualTo("Freezer 3, back store: -14.0 °C is above -15.0 °C");
    assertThat(raised.summary()).isEqualTo(atRaise);
    assertThat(alert.data().summary()).isEqualTo(atRaise);
  }
}
