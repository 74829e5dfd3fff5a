package dev.fieldops.telemetry.application.command;

import static dev.fieldops.telemetry.fixture.ReadingFixtures.minute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.telemetry.application.TelemetryApp;
import dev.fieldops.telemetry.application.feed.AlertNotice;
import dev.fieldops.telemetry.application.query.WatchAlerts;
import dev.fieldops.telemetry.domain.alert.Alert;
import dev.fieldops.telemetry.domain.alert.AlertEscalated;
import dev.fieldops.telemetry.domain.alert.AlertState;
import dev.fieldops.telemetry.domain.alert.ClearCause;
import dev.fieldops.telemetry.domain.alert.EscalationCause;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.Principals;
import dev.fieldops.telemetry.fixture.RuleFixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Time-based escalation: a WARNING alert still ACTIVE after its rule's escalate_after becomes
 * CRITICAL once, at the first scan after it fell due. The clock is the test's.
 */
class EscalateOverdueAlertsHandlerTest {

  private static final Duration TEN_MINUTES = Duration.ofMinutes(10);
  private static final int BATCH = 100;

  private final TelemetryApp app = TelemetryApp.start();
  private final Device freezer = app.freezerOf(DeviceFixtures.ACME);

  /** A rule above -15 °C (clear at -17, critical at -5) escalating after ten minutes ACTIVE. */
  private AlertRule tooWarmFor(Duration delay) {
    return app.ruleEscalatingAfter(freezer, delay, RuleFixtures.above(-15, -17, -5));
  }

  private Alert alert() {
    return app.onlyAlertOf(freezer.id());
  }

  private List<AlertEscalated> escalations() {
    return app.outbox.eventsOf(AlertEscalated.class);
  }

  private EscalateOverdueAlertsHandler.Scan scanAt(double minutes) {
    app.at(minutes);
    return app.escalateOverdue.handle(BATCH);
  }

  @Test
  void a_warning_alert_left_active_for_the_rules_delay_escalates_to_critical_once() {
    tooWarmFor(TEN_MINUTES);
    app.report(freezer, 1, -14);
    var seen = new ArrayList<AlertNotice>();
    app.watchAlerts.handle(
        new WatchAlerts(
            Principals.operator(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(Severity.CRITICAL)),
        seen::add);

    var early = scanAt(10.9);
    var due = scanAt(11.5);
    var again = scanAt(30);

    assertThat(early.escalated()).isEmpty();
    assertThat(due.escalated()).containsExactly(alert().id());
    assertThat(again.examined()).isZero();
    assertThat(alert().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(alert().state()).isEqualTo(AlertState.ACTIVE);
    assertThat(alert().data().escalateTime()).contains(minute(11.5));
    assertThat(escalations())
        .singleElement()
        .satisfies(
            escalated -> {
              assertThat(escalated.cause()).isEqualTo(EscalationCause.ACTIVE_TOO_LONG);
              assertThat(escalated.previousSeverity()).isEqualTo(Severity.WARNING);
              assertThat(escalated.severity()).isEqualTo(Severity.CRITICAL);
              assertThat(escalated.value()).isEqualTo(-14);
              assertThat(escalated.aggregateVersion()).isEqualTo(alert().version());
            });
    assertThat(seen)
        .singleElement()
        .satisfies(
            notice -> {
              assertThat(notice.events()).singleElement().isInstanceOf(AlertEscalated.class);
              assertThat(notice.alert().severity()).isEqualTo(Severity.CRITICAL);
            });
  }

  @Test
  void the_delay_counts_from_the_raise_whatever_the_readings_do_meanwhile() {
    tooWarmFor(TEN_MINUTES);
    app.report(freezer, 1, -14);
    app.report(freezer, 5, -12, 9, -13);

    assertThat(scanAt(10.99).escalated()).isEmpty();
    assertThat(scanAt(11).escalated()).hasSize(1);
    assertThat(escalations().getFirst().value()).isEqualTo(-13);
  }

  @Test
  void an_acknowledged_alert_never_escalates_by_time() {
    tooWarmFor(TEN_MINUTES);
    app.report(freezer, 1, -14);
    app.at(5);
    app.acknowledge(alert());

    assertThat(scanAt(60).escalated()).isEmpty();
    assertThat(alert().state()).isEqualTo(AlertState.ACKNOWLEDGED);
    assertThat(alert().severity()).isEqualTo(Severity.WARNING);
    assertThat(escalations()).isEmpty();
  }

  @Test
  void an_acknowledged_alert_made_active_again_by_its_critical_level_is_critical_already() {
    tooWarmFor(TEN_MINUTES);
    app.report(freezer, 1, -14);
    app.at(2);
    app.acknowledge(alert());
    app.report(freezer, 3, -4);

    var scan = scanAt(60);

    assertThat(alert().state()).isEqualTo(AlertState.ACTIVE);
    assertThat(alert().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(scan.escalated()).isEmpty();
    assertThat(escalations())
        .extracting(AlertEscalated::cause)
        .containsExactly(EscalationCause.CRITICAL_LEVEL);
  }

  @Test
  void an_alert_that_is_critical_already_is_left_alone() {
    tooWarmFor(TEN_MINUTES);
    app.report(freezer, 1, -4);

    assertThat(alert().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(scanAt(60).examined()).isZero();
    assertThat(escalations()).isEmpty();
  }

  @Test
  void a_shorter_delay_applies_to_the_open_alert_counted_from_its_raise() {
    var rule = tooWarmFor(Duration.ofHours(2));
    app.report(freezer, 1, -14);
    assertThat(scanAt(30).escalated()).isEmpty();

    app.at(40);
    update(rule, AlertRule.Revision.none().withEscalateAfter(Optional.of(TEN_MINUTES)));

    assertThat(scanAt(40).escalated()).hasSize(1);
  }

  @Test
  void a_longer_delay_postpones_the_open_alert_and_a_removed_one_stops_it() {
    var rule = tooWarmFor(TEN_MINUTES);
    app.report(freezer, 1, -14);
    app.at(5);
    update(rule, AlertRule.Revision.none().withEscalateAfter(Optional.of(Duration.ofMinutes(30))));

    assertThat(scanAt(20).escalated()).isEmpty();
    app.at(25);
    update(rule, AlertRule.Revision.none().withEscalateAfter(Optional.empty()));
    assertThat(scanAt(600).escalated()).isEmpty();
    assertThat(alert().severity()).isEqualTo(Severity.WARNING);
  }

  @Test
  void a_delay_given_to_a_rule_with_an_open_alert_applies_to_that_alert() {
    var rule = app.ruleOn(freezer, Severity.WARNING, RuleFixtures.above(-15, -17));
    app.report(freezer, 1, -14);
    app.at(30);
    update(rule, AlertRule.Revision.none().withEscalateAfter(Optional.of(TEN_MINUTES)));

    assertThat(scanAt(30).escalated()).hasSize(1);
  }

  @Test
  void a_disabled_or_deleted_rule_clears_its_alerts_and_escalates_nothing() {
    var disabled = tooWarmFor(TEN_MINUTES);
    var fridge = app.freezerOf(DeviceFixtures.ACME);
    var deleted = app.ruleEscalatingAfter(fridge, TEN_MINUTES, RuleFixtures.above(-15, -17));
    app.report(freezer, 1, -14);
    app.report(fridge, 1, -14);
    app.at(5);

    update(disabled, AlertRule.Revision.none().withEnabled(false));
    app.deleteAlertRule.handle(
        new DeleteAlertRule(Principals.operator(), deleted.id(), ExpectedVersion.any()));

    assertThat(scanAt(60).examined()).isZero();
    assertThat(app.onlyAlertOf(freezer.id()).data().clearCause())
        .contains(ClearCause.RULE_DISABLED);
    assertThat(app.onlyAlertOf(fridge.id()).data().clearCause()).contains(ClearCause.RULE_DELETED);
    assertThat(escalations()).isEmpty();
  }

  @Test
  void alerts_that_fell_due_while_the_service_was_down_escalate_once_after_the_start() {
    tooWarmFor(TEN_MINUTES);
    app.report(freezer, 1, -14);
    // The service stops at minute 5, before the alert is due at 11, and starts again at 300.
    app.at(300);
    var started = app.restart();
    var first = started.escalateOverdue.handle(BATCH);
    app.at(400);
    var second = started.restart().escalateOverdue.handle(BATCH);

    assertThat(first.escalated()).hasSize(1);
    assertThat(second.examined()).isZero();
    assertThat(escalations()).hasSize(1);
    assertThat(alert().data().escalateTime()).contains(minute(300));
  }

  @Test
  void a_backlog_is_scanned_in_batches_earliest_due_first() {
    var devices = new ArrayList<Device>();
    for (int i = 0; i < 3; i++) {
      var device = app.freezerOf(DeviceFixtures.ACME);
      app.ruleEscalatingAfter(device, TEN_MINUTES, RuleFixtures.above(-15, -17));
      app.report(device, 1 + i, -14);
      devices.add(device);
    }
    app.at(60);

    var first = app.escalateOverdue.handle(2);
    var second = app.escalateOverdue.handle(2);

    assertThat(first.moreMayRemain()).isTrue();
    assertThat(first.escalated())
        .containsExactly(
            app.onlyAlertOf(devices.get(0).id()).id(), app.onlyAlertOf(devices.get(1).id()).id());
    assertThat(second.moreMayRemain()).isFalse();
    assertThat(second.escalated()).containsExactly(app.onlyAlertOf(devices.get(2).id()).id());
  }

  @Test
  void one_run_of_the_timer_drains_a_backlog_batch_after_batch() {
    for (int i = 0; i < 5; i++) {
      var device = app.freezerOf(DeviceFixtures.ACME);
      app.ruleEscalatingAfter(device, TEN_MINUTES, RuleFixtures.above(-15, -17));
      app.report(device, 1 + i, -14);
    }
    app.at(60);

    assertThat(app.escalateOverdue.drainDue(2)).isEqualTo(5);
    assertThat(app.escalateOverdue.handle(2).examined()).isZero();
  }

  @Test
  void a_reading_evaluated_while_the_alert_escalates_is_retried_and_keeps_the_escalation() {
    tooWarmFor(TEN_MINUTES);
    app.report(freezer, 1, -14);
    app.at(20);
    app.alerts.beforeNextSaveAll(() -> app.escalateOverdue.handle(BATCH));

    app.report(freezer, 20, -11);

    assertThat(alert().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(alert().data().peakValue()).isEqualTo(-11);
    assertThat(escalations()).hasSize(1);
  }

  private void update(AlertRule rule, AlertRule.Revision revision) {
    app.updateAlertRule.handle(
        new UpdateAlertRule(Principals.operator(), rule.id(), ExpectedVersion.any(), revision));
  }
}
