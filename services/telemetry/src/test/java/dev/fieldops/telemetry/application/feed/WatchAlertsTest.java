package dev.fieldops.telemetry.application.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.kernel.Principal;
import dev.fieldops.telemetry.application.TelemetryApp;
import dev.fieldops.telemetry.application.query.WatchAlerts;
import dev.fieldops.telemetry.domain.alert.AlertState;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.domain.shared.AccessScope;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.Principals;
import dev.fieldops.telemetry.fixture.RuleFixtures;
import java.util.ArrayList;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Watchers receive committed alert changes: raise, update, acknowledge, clear. */
class WatchAlertsTest {

  private final TelemetryApp app = TelemetryApp.start();
  private final Device acmeFreezer = app.freezerOf(DeviceFixtures.ACME);
  private final Device globexFreezer = app.freezerOf(DeviceFixtures.GLOBEX);

  private static WatchAlerts everything(Principal principal) {
    return new WatchAlerts(principal, Optional.empty(), Optional.empty(), Optional.empty());
  }

  @Test
  void a_watcher_sees_raise_update_acknowledge_and_clear_in_order() {
    app.ruleOn(acmeFreezer, Severity.WARNING, RuleFixtures.above(-15, -17));
    var seen = new ArrayList<AlertNotice>();
    app.watchAlerts.handle(everything(Principals.operator()), seen::add);

    app.report(acmeFreezer, 1, -14);
    app.report(acmeFreezer, 2, -12);
    app.acknowledge(app.onlyAlertOf(acmeFreezer.id()));
    app.report(acmeFreezer, 3, -18);

    assertThat(seen)
        .extracting(
            notice ->
                notice.events().isEmpty()
                    ? "updated"
                    : notice.events().getFirst().getClass().getSimpleName())
        .containsExactly("AlertRaised", "updated", "AlertAcknowledged", "AlertCleared");
    assertThat(seen.getLast().alert().state()).isEqualTo(AlertState.CLEARED);
    assertThat(seen.get(1).alert().peakValue()).isEqualTo(-12);
  }

  @Test
  void a_customer_watches_only_its_own_alerts_and_filters_narrow_further() {
    app.ruleOn(acmeFreezer, Severity.WARNING, RuleFixtures.above(-15, -17));
    app.ruleOn(globexFreezer, Severity.CRITICAL, RuleFixtures.above(-15, -17));
    var acmeSees = new ArrayList<AlertNotice>();
    var criticalOnly = new ArrayList<AlertNotice>();
    app.watchAlerts.handle(everything(Principals.customer(DeviceFixtures.ACME)), acmeSees::add);
    app.watchAlerts.handle(
        new WatchAlerts(
            Principals.operator(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(Severity.CRITICAL)),
        criticalOnly::add);

    app.report(acmeFreezer, 1, -14);
    app.report(globexFreezer, 1, -14);

    assertThat(acmeSees).extracting(n -> n.alert().deviceId()).containsExactly(acmeFreezer.id());
    assertThat(criticalOnly)
        .extracting(n -> n.alert().deviceId())
        .containsExactly(globexFreezer.id());
  }

  @Test
  void a_closed_subscription_receives_nothing_more_and_a_failing_watcher_is_dropped() {
    app.ruleOn(acmeFreezer, Severity.WARNING, RuleFixtures.above(-15, -17));
    var seen = new ArrayList<AlertNotice>();
    var subscription = app.watchAlerts.handle(everything(Principals.operator()), seen::add);
    var failing =
        app.watchAlerts.handle(
            everything(Principals.operator()),
            notice -> {
              throw new IllegalStateException("stream gone");
            });

    app.report(acmeFreezer, 1, -14);
    subscription.close();
    app.report(acmeFreezer, 2, -18);

    assertThat(seen).hasSize(1);
    assertThat(failing.isActive()).isFalse();
    assertThat(app.feed.watcherCount()).isZero();
    assertThat(app.onlyAlertOf(acmeFreezer.id()).state()).isEqualTo(AlertState.CLEARED);
  }

  @Test
  void callers_who_may_not_see_alerts_get_a_subscription_that_never_delivers() {
    app.ruleOn(acmeFreezer, Severity.WARNING, RuleFixtures.above(-15, -17));
    var seen = new ArrayList<AlertNotice>();

    var subscription =
        app.watchAlerts.handle(everything(Principals.sensor(acmeFreezer.id())), seen::add);
    app.report(acmeFreezer, 1, -14);

    assertThat(seen).isEmpty();
    assertThat(subscription.isActive()).isTrue();
    assertThat(app.feed.watcherCount()).isZero();
  }

  @Test
  void a_batch_publishes_its_changes_only_after_they_were_saved() {
    app.ruleOn(acmeFreezer, Severity.WARNING, RuleFixtures.above(-15, -17));
    var savedWhenSeen = new ArrayList<Boolean>();
    app.watchAlerts.handle(
        everything(Principals.operator()),
        notice ->
            savedWhenSeen.add(
                app.alerts.findById(notice.alert().id(), AccessScope.everyone()).isPresent()));

    app.report(acmeFreezer, 1, -14);

    assertThat(savedWhenSeen).containsExactly(true);
  }

  @Test
  void when_changes_may_have_been_missed_every_watcher_is_told_once_and_unsubscribed() {
    app.ruleOn(acmeFreezer, Severity.WARNING, RuleFixtures.above(-15, -17));
    var seen = new ArrayList<AlertNotice>();
    var gaps = new ArrayList<String>();
    var subscription =
        app.watchAlerts.handle(everything(Principals.operator()), seen::add, () -> gaps.add("gap"));

    app.feed.changesMayHaveBeenMissed();
    app.feed.changesMayHaveBeenMissed();
    app.report(acmeFreezer, 1, -14);

    assertThat(gaps).containsExactly("gap");
    assertThat(subscription.isActive()).isFalse();
    assertThat(seen).isEmpty();
    assertThat(app.feed.watcherCount()).isZero();
  }
}
