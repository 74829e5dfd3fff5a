package dev.fieldops.telemetry.application.command;

import static dev.fieldops.telemetry.fixture.ReadingFixtures.minute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.ConcurrencyConflictException;
import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.telemetry.application.TelemetryApp;
import dev.fieldops.telemetry.domain.alert.AlertAcknowledged;
import dev.fieldops.telemetry.domain.alert.AlertCleared;
import dev.fieldops.telemetry.domain.alert.AlertEscalated;
import dev.fieldops.telemetry.domain.alert.AlertRaised;
import dev.fieldops.telemetry.domain.alert.AlertState;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.device.TemperatureChanged;
import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.domain.reading.ReadingSubmission;
import dev.fieldops.telemetry.domain.reading.RejectReason;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.domain.shared.AccessScope;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.Principals;
import dev.fieldops.telemetry.fixture.RuleFixtures;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IngestReadingsHandlerTest {

  private final TelemetryApp app = TelemetryApp.start();
  private final Device freezer = app.freezerOf(DeviceFixtures.ACME);
  private final AlertRule tooWarm =
      app.ruleOn(freezer, Severity.WARNING, RuleFixtures.above(-15, -17));

  @Test
  void accepted_readings_are_stored_with_one_bulk_write_and_one_device_lookup() {
    var lookupsBefore = app.devices.directoryLookups();

    var result = app.report(freezer, 1, -18.0, 2, -18.1, 3, -18.2);

    assertThat(result.accepted()).isEqualTo(3);
    assertThat(result.rejected()).isZero();
    assertThat(app.readings.all()).hasSize(3);
    assertThat(app.readings.appendCalls()).isEqualTo(1);
    assertThat(app.devices.directoryLookups() - lookupsBefore).isEqualTo(1);
  }

  @Test
  void a_batch_sent_again_after_a_timeout_is_counted_as_already_stored() {
    app.report(freezer, 1, -18.0, 2, -18.1);

    var again = app.report(freezer, 1, -18.0, 2, -18.1, 3, -18.2);

    assertThat(again.accepted()).isEqualTo(3);
    assertThat(again.alreadyStored()).isEqualTo(2);
    assertThat(again.newlyStored()).isEqualTo(1);
    assertThat(app.readings.all()).hasSize(3);
  }

  @Test
  void rejects_are_counted_per_reason_with_their_positions_and_never_fail_the_batch() {
    var retired = app.freezerOf(DeviceFixtures.ACME);
    app.decommissionDevice.handle(
        new DecommissionDevice(Principals.operator(), retired.id(), ExpectedVersion.any()));
    app.at(60);
    var now = app.now();
    var f = freezer.id().toString();

    var result =
        app.ingest(
            Principals.operator(),
            new ReadingSubmission(f, Metric.TEMPERATURE_CELSIUS, -18.0, now),
            new ReadingSubmission(
                UUID.randomUUID().toString(), Metric.TEMPERATURE_CELSIUS, -18.0, now),
            new ReadingSubmission("not-a-device", Metric.TEMPERATURE_CELSIUS, -18.0, now),
            new ReadingSubmission(retired.id().toString(), Metric.TEMPERATURE_CELSIUS, -18.0, now),
            new ReadingSubmission(f, Metric.TEMPERATURE_CELSIUS, 999.0, now.minusSeconds(1)),
            new ReadingSubmission(
                f, Metric.TEMPERATURE_CELSIUS, -18.0, now.plus(Duration.ofMinutes(6))),
            new ReadingSubmission(
                f, Metric.TEMPERATURE_CELSIUS, -18.0, now.minus(Duration.ofDays(8))),
            new ReadingSubmission(f, null, -18.0, now.minusSeconds(2)),
            new ReadingSubmission(f, Metric.TEMPERATURE_CELSIUS, -17.0, now),
            new ReadingSubmission(f, Metric.HUMIDITY_PERCENT, 55.0, now));

    assertThat(result.accepted()).isEqualTo(2);
    assertThat(result.rejectedByReason())
        .containsOnly(
            Map.entry(RejectReason.UNKNOWN_DEVICE, 2),
            Map.entry(RejectReason.DEVICE_DECOMMISSIONED, 1),
            Map.entry(RejectReason.VALUE_OUT_OF_RANGE, 1),
            Map.entry(RejectReason.OBSERVE_TIME_IN_FUTURE, 1),
            Map.entry(RejectReason.OBSERVE_TIME_TOO_OLD, 1),
            Map.entry(RejectReason.INVALID_READING, 1),
            Map.entry(RejectReason.DUPLICATE_IN_BATCH, 1));
    assertThat(result.rejectedSamples())
        .containsExactly(
            new RejectedReading(1, RejectReason.UNKNOWN_DEVICE),
            new RejectedReading(2, RejectReason.UNKNOWN_DEVICE),
            new RejectedReading(3, RejectReason.DEVICE_DECOMMISSIONED),
            new RejectedReading(4, RejectReason.VALUE_OUT_OF_RANGE),
            new RejectedReading(5, RejectReason.OBSERVE_TIME_IN_FUTURE),
            new RejectedReading(6, RejectReason.OBSERVE_TIME_TOO_OLD),
            new RejectedReading(7, RejectReason.INVALID_READING),
            new RejectedReading(8, RejectReason.DUPLICATE_IN_BATCH));
    assertThat(app.readings.all())
        .extracting(r -> r.value())
        .containsExactlyInAnyOrder(-18.0, 55.0);
  }

  @Test
  void a_batch_with_only_rejects_stores_nothing() {
    var result =
        app.ingest(
            Principals.operator(),
            new ReadingSubmission("nope", Metric.TEMPERATURE_CELSIUS, 1, app.now()));

    assertThat(result.accepted()).isZero();
    assertThat(result.rejected()).isEqualTo(1);
    assertThat(app.readings.appendCalls()).isZero();
  }

  @Test
  void at_most_a_hundred_rejects_are_sampled_but_all_are_counted() {
    var many = new ReadingSubmission[150];
    for (int i = 0; i < many.length; i++) {
      many[i] =
          new ReadingSubmission(
              freezer.id().toString(), Metric.TEMPERATURE_CELSIUS, 500, app.now());
    }

    var result = app.ingest(Principals.operator(), many);

    assertThat(result.rejectedByReason()).containsEntry(RejectReason.VALUE_OUT_OF_RANGE, 150);
    assertThat(result.rejectedSamples()).hasSize(IngestResult.MAX_SAMPLES);
  }

  @Test
  void a_breach_raises_one_alert_that_later_breaches_update_and_the_end_of_the_condition_clears() {
    app.report(freezer, 1, -18.0, 2, -14.0);
    app.report(freezer, 3, -12.0, 4, -13.0);
    app.report(freezer, 5, -16.0);

    var alert = app.onlyAlertOf(freezer.id());
    assertThat(alert.state()).isEqualTo(AlertState.ACTIVE);
    assertThat(alert.data().peakValue()).isEqualTo(-12.0);
    assertThat(alert.data().lastValue()).isEqualTo(-16.0);
    assertThat(alert.data().lastBreachTime()).isEqualTo(minute(5));
    assertThat(app.outbox.eventsOf(AlertRaised.class))
        .singleElement()
        .satisfies(
            raised -> {
              assertThat(raised.deviceId()).isEqualTo(freezer.id());
              assertThat(raised.customerId()).isEqualTo(DeviceFixtures.ACME);
              assertThat(raised.ruleId()).isEqualTo(tooWarm.id());
              assertThat(raised.severity()).isEqualTo(Severity.WARNING);
              assertThat(raised.value()).isEqualTo(-14.0);
              assertThat(raised.observeTime()).isEqualTo(minute(2));
            });

    app.report(freezer, 6, -17.0);

    assertThat(app.onlyAlertOf(freezer.id()).state()).isEqualTo(AlertState.CLEARED);
    assertThat(app.outbox.eventsOf(AlertCleared.class))
        .singleElement()
        .satisfies(e -> assertThat(e.observeTime()).isEqualTo(minute(6)));
  }

  @Test
  void a_batch_is_evaluated_in_observe_time_order_whatever_order_it_arrives_in() {
    app.report(freezer, 3, -17.5, 1, -18.0, 2, -14.0);

    var alert = app.onlyAlertOf(freezer.id());
    assertThat(alert.data().firstBreachTime()).isEqualTo(minute(2));
    assertThat(alert.state()).isEqualTo(AlertState.CLEARED);
  }

  @Test
  void a_late_reading_is_stored_but_not_evaluated_and_a_repeated_one_is_ignored() {
    app.report(freezer, 10, -18.0);

    var late = app.report(freezer, 5, -10.0);
    var repeated = app.report(freezer, 10, -10.0);

    assertThat(late.accepted()).isEqualTo(1);
    assertThat(late.late()).isEqualTo(1);
    assertThat(repeated.duplicates()).isEqualTo(1);
    assertThat(app.alertsOf(freezer.id())).isEmpty();
    assertThat(app.readings.all()).extracting(r -> r.value()).containsExactly(-10.0, -18.0);
  }

  @Test
  void temperature_changes_are_reported_by_exception() {
    app.report(freezer, 1, -18.0, 2, -18.2, 3, -18.4, 4, -18.6, 5, -18.7);

    assertThat(app.outbox.eventsOf(TemperatureChanged.class))
        .extracting(TemperatureChanged::valueCelsius)
        .containsExactly(-18.0, -18.6);
    assertThat(app.outbox.eventsOf(TemperatureChanged.class).getLast())
        .satisfies(
            changed -> {
              assertThat(changed.customerId()).isEqualTo(DeviceFixtures.ACME);
              assertThat(changed.previousValue()).hasValue(-18.0);
              assertThat(changed.deadbandCelsius()).isEqualTo(0.5);
              assertThat(changed.aggregateType()).isEqualTo("device_temperature");
            });
  }

  @Test
  void a_concurrent_acknowledgement_makes_the_batch_retry_and_both_changes_survive() {
    app.report(freezer, 1, -14.0);
    var alert = app.onlyAlertOf(freezer.id());
    app.alerts.beforeNextSaveAll(() -> app.acknowledge(alert));

    var result = app.report(freezer, 2, -11.0);

    assertThat(result.accepted()).isEqualTo(1);
    var after = app.onlyAlertOf(freezer.id());
    assertThat(after.state()).isEqualTo(AlertState.ACKNOWLEDGED);
    assertThat(after.data().peakValue()).isEqualTo(-11.0);
    assertThat(app.outbox.eventsOf(AlertAcknowledged.class)).hasSize(1);
    assertThat(app.alerts.saveAllCalls()).isEqualTo(3);
  }

  @Test
  void when_every_attempt_conflicts_the_batch_fails_and_a_retry_evaluates_it_as_new() {
    app.report(freezer, 1, -14.0);
    var alert = app.onlyAlertOf(freezer.id());
    for (int i = 0; i < 3; i++) {
      app.alerts.beforeNextSaveAll(
          () ->
              app.alerts.update(
                  alert.id(),
                  AccessScope.everyone(),
                  a -> a.recordBreach(-14.5, minute(1), app.now())));
    }

    assertThatThrownBy(() -> app.report(freezer, 2, -17.0))
        .isInstanceOf(ConcurrencyConflictException.class);
    assertThat(app.onlyAlertOf(freezer.id()).state()).isEqualTo(AlertState.ACTIVE);

    app.report(freezer, 2, -17.0);

    assertThat(app.onlyAlertOf(freezer.id()).state()).isEqualTo(AlertState.CLEARED);
  }

  @Test
  void when_storing_fails_nothing_counts_as_evaluated_and_the_retried_batch_raises_the_alert() {
    app.readings.failNextAppend(new IllegalStateException("database unavailable"));

    assertThatThrownBy(() -> app.report(freezer, 1, -14.0))
        .hasMessageContaining("database unavailable");
    assertThat(app.alertsOf(freezer.id())).isEmpty();

    app.report(freezer, 1, -14.0);

    assertThat(app.onlyAlertOf(freezer.id()).state()).isEqualTo(AlertState.ACTIVE);
  }

  @Test
  void a_critical_breach_of_a_warning_rule_escalates_its_alert() {
    var other = app.freezerOf(DeviceFixtures.ACME);
    app.ruleOn(other, Severity.WARNING, RuleFixtures.above(-15, -17, -10));

    app.report(other, 1, -14.0);
    app.acknowledge(app.onlyAlertOf(other.id()));
    app.report(other, 2, -8.0);

    var alert = app.onlyAlertOf(other.id());
    assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(alert.state()).isEqualTo(AlertState.ACTIVE);
    assertThat(app.outbox.eventsOf(AlertEscalated.class)).hasSize(1);
  }

  @Test
  void rules_of_the_customer_apply_to_all_its_devices() {
    var fridge = app.freezerOf(DeviceFixtures.ACME);
    app.ruleOnAllDevicesOf(DeviceFixtures.ACME, Severity.CRITICAL, RuleFixtures.above(5, 4));

    app.report(fridge, 1, 6.0);

    assertThat(app.onlyAlertOf(fridge.id()).severity()).isEqualTo(Severity.CRITICAL);
    assertThat(app.alertsOf(freezer.id())).isEmpty();
  }
}
