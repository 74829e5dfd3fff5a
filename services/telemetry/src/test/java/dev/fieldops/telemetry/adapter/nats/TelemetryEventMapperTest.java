package dev.fieldops.telemetry.adapter.nats;

import static dev.fieldops.telemetry.fixture.ReadingFixtures.minute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.telemetry.domain.alert.Alert;
import dev.fieldops.telemetry.domain.alert.AlertEvent;
import dev.fieldops.telemetry.domain.alert.ClearCause;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.device.TemperatureChanged;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.RuleFixtures;
import dev.fieldops.telemetry.fixture.SequentialIds;
import dev.fieldops.telemetry.fixture.Stamps;
import dev.fieldops.telemetry.v1.AlertClearReason;
import dev.fieldops.telemetry.v1.AlertSeverity;
import dev.fieldops.telemetry.v1.DeviceKind;
import java.time.Duration;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class TelemetryEventMapperTest {

  private final TelemetryEventMapper mapper = new TelemetryEventMapper();
  private final Device freezer = DeviceFixtures.freezerOf(DeviceFixtures.ACME);

  @Test
  void a_registration_is_published_on_its_subject_as_the_devices_first_version() throws Exception {
    var registered = freezer.pendingEvents().getFirst();

    var row = mapper.encode(registered);
    var message = dev.fieldops.telemetry.v1.DeviceRegistered.parseFrom(row.payload());

    assertThat(row.subject()).isEqualTo("telemetry.device.registered");
    assertThat(row.eventType()).isEqualTo("fieldops.telemetry.v1.DeviceRegistered");
    assertThat(row.eventId()).isEqualTo(registered.eventId());
    assertThat(row.aggregateType()).isEqualTo("device");
    assertThat(row.aggregateId()).isEqualTo(freezer.id().toString());
    assertThat(row.aggregateVersion()).isEqualTo(1);
    assertThat(message.getEventId()).isEqualTo(registered.eventId().toString());
    assertThat(message.getCustomerId()).isEqualTo("acme-foods");
    assertThat(message.getKind()).isEqualTo(DeviceKind.DEVICE_KIND_FREEZER);
  }

  @Test
  void a_temperature_report_carries_the_previous_value_and_the_deadband() throws Exception {
    var report =
        new TemperatureChanged(
            SequentialIds.shared().get(),
            minute(2),
            freezer.id(),
            freezer.customerId(),
            -17.2,
            OptionalDouble.of(-18.0),
            minute(1),
            0.5);

    var row = mapper.encode(report);
    var message = dev.fieldops.telemetry.v1.TemperatureChanged.parseFrom(row.payload());

    assertThat(row.subject()).isEqualTo("telemetry.device.temperature_changed");
    assertThat(row.aggregateType()).isEqualTo("device_temperature");
    assertThat(row.aggregateVersion()).isEqualTo(report.aggregateVersion());
    assertThat(message.getTemperatureCelsius()).isEqualTo(-17.2);
    assertThat(message.getPreviousTemperatureCelsius()).isEqualTo(-18.0);
    assertThat(message.getDeadbandCelsius()).isEqualTo(0.5);
  }

  @Test
  void an_alerts_life_is_published_raised_acknowledged_cleared_with_what_subscribers_need()
      throws Exception {
    var rule = RuleFixtures.aboveThreshold(freezer.customerId(), freezer.id(), -15, -17);
    var alert =
        Alert.raise(
            freezer.profile(), rule, Severity.WARNING, -12.5, minute(1), Stamps.atMinute(1));
    var raised = (AlertEvent) alert.pullEvents().getFirst();
    var raisedRow = mapper.encode(raised);
    alert.acknowledge("olga", "on it", Stamps.atMinute(2));
    var acknowledgedRow = mapper.encode(alert.pullEvents().getFirst());
    alert.clear(ClearCause.CONDITION_ENDED, OptionalDouble.of(-18), minute(3), Stamps.atMinute(3));
    var clearedRow = mapper.encode(alert.pullEvents().getFirst());

    var raisedMessage = dev.fieldops.telemetry.v1.AlertRaised.parseFrom(raisedRow.payload());
    var acknowledged =
        dev.fieldops.telemetry.v1.AlertAcknowledged.parseFrom(acknowledgedRow.payload());
    var cleared = dev.fieldops.telemetry.v1.AlertCleared.parseFrom(clearedRow.payload());
    assertThat(raisedRow.subject()).isEqualTo("telemetry.alert.raised");
    assertThat(raisedRow.aggregateType()).isEqualTo("alert");
    assertThat(raisedRow.aggregateId()).isEqualTo(alert.id().toString());
    assertThat(raisedMessage.getValue()).isEqualTo(-12.5);
    assertThat(raisedMessage.getSeverity()).isEqualTo(AlertSeverity.ALERT_SEVERITY_WARNING);
    assertThat(raisedMessage.getRuleId()).isEqualTo(rule.id().toString());
    assertThat(raisedMessage.getSummary()).isEqualTo("Freezer 1: -12.5 °C is above -15.0 °C");
    assertThat(acknowledgedRow.subject()).isEqualTo("telemetry.alert.acknowledged");
    assertThat(acknowledgedRow.aggregateVersion()).isEqualTo(2);
    assertThat(acknowledged.getNote()).isEqualTo("on it");
    assertThat(clearedRow.subject()).isEqualTo("telemetry.alert.cleared");
    assertThat(clearedRow.aggregateVersion()).isEqualTo(3);
    assertThat(cleared.getAcknowledged()).isTrue();
    assertThat(cleared.getClearReason())
        .isEqualTo(AlertClearReason.ALERT_CLEAR_REASON_CONDITION_ENDED);
    assertThat(cleared.getPeakValue()).isEqualTo(-12.5);
  }

  @Test
  void a_silence_alert_has_no_value_since_no_reading_raised_it() throws Exception {
    var rule = RuleFixtures.noDataFor(freezer.customerId(), freezer.id(), Duration.ofMinutes(15));
    var alert =
        Alert.raise(
            freezer.profile(), rule, Severity.WARNING, 960, minute(16), Stamps.atMinute(16));
    var raised = (AlertEvent) alert.pullEvents().getFirst();

    var message = dev.fieldops.telemetry.v1.AlertRaised.parseFrom(mapper.encode(raised).payload());

    assertThat(message.hasValue()).isFalse();
    assertThat(message.getSummary()).isEqualTo("Freezer 1: no temperature reading for 15 min");
  }
}
