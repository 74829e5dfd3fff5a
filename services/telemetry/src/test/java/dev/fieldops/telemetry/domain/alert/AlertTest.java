package dev.fieldops.telemetry.domain.alert;

import static dev.fieldops.telemetry.fixture.ReadingFixtures.minute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.RuleViolationException;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.ConditionKind;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.RuleFixtures;
import dev.fieldops.telemetry.fixture.Stamps;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The alert lifecycle: raised, updated, acknowledged, escalated, cleared. */
class AlertTest {

  private final Device freezer = DeviceFixtures.freezerOf(DeviceFixtures.ACME);
  private final AlertRule tooWarm =
      RuleFixtures.onDevice(
          DeviceFixtures.ACME, freezer.id(), Severity.WARNING, RuleFixtures.above(-15, -17, -10));
  private final AlertRule tooCold =
      RuleFixtures.onDevice(
          DeviceFixtures.ACME, freezer.id(), Severity.WARNING, RuleFixtures.below(-30, -28));

  private Alert raised(AlertRule rule, double value) {
    var alert =
        Alert.raise(
            freezer.profile(), rule, Severity.WARNING, value, minute(1), Stamps.atMinute(1));
    alert.pullChange();
    return alert;
  }

  @Test
  void a_raised_alert_is_active_at_version_one_and_tells_who_what_and_when() {
    var alert =
        Alert.raise(
            freezer.profile(), tooWarm, Severity.WARNING, -14.2, minute(1), Stamps.atMinute(2));

    assertThat(alert.state()).isEqualTo(AlertState.ACTIVE);
    assertThat(alert.version()).isEqualTo(1);
    var change = alert.pullChange();
    assertThat(change.isNew()).isTrue();
    assertThat(change.events())
        .singleElement()
        .isInstanceOfSatisfying(
            AlertRaised.class,
            raised -> {
              assertThat(raised.alertId()).isEqualTo(alert.id());
              assertThat(raised.aggregateVersion()).isEqualTo(1);
              assertThat(raised.deviceId()).isEqualTo(freezer.id());
              assertThat(raised.customerId()).isEqualTo(DeviceFixtures.ACME);
              assertThat(raised.ruleId()).isEqualTo(tooWarm.id());
              assertThat(raised.severity()).isEqualTo(Severity.WARNING);
              assertThat(raised.value()).isEqualTo(-14.2);
              assertThat(raised.observeTime()).isEqualTo(minute(1));
              assertThat(raised.occurTime()).isEqualTo(minute(2));
              assertThat(raised.metric()).isEqualTo(Metric.TEMPERATURE_CELSIUS);
              assertThat(raised.conditionKind()).isEqualTo(ConditionKind.THRESHOLD);
              assertThat(raised.aggregateType()).isEqualTo("alert");
            });
  }

  @Test
  void repeated_breaches_update_peak_and_last_value_silently() {
    var alert = raised(tooWarm, -14.0);

    alert.recordBreach(-12.0, minute(2), minute(2));
    alert.recordBreach(-13.0, minute(3), minute(3));

    assertThat(alert.data().peakValue()).isEqualTo(-12.0);
    assertThat(alert.data().lastValue()).isEqualTo(-13.0);
    assertThat(alert.data().raiseValue()).isEqualTo(-14.0);
    assertThat(alert.data().lastBreachTime()).isEqualTo(minute(3));
    assertThat(alert.data().firstBreachTime()).isEqualTo(minute(1));
    assertThat(alert.pendingEvents()).isEmpty();
  }

  @Test
  void on_the_cold_side_the_peak_is_the_lowest_value() {
    var alert = raised(tooCold, -31.0);

    alert.recordBreach(-33.0, minute(2), minute(2));
    alert.recordBreach(-32.0, minute(3), minute(3));

    assertThat(alert.data().peakValue()).isEqualTo(-33.0);
  }

  @Test
  void silent_updates_bump_the_version_once_per_save() {
    var alert = raised(tooWarm, -14.0);

    alert.recordBreach(-12.0, minute(2), minute(2));
    alert.recordBreach(-11.0, minute(3), minute(3));
    var change = alert.pullChange();

    assertThat(change.expectedVersion()).isEqualTo(1);
    assertThat(change.alert().version()).isEqualTo(2);
    assertThat(change.events()).isEmpty();
    assertThat(alert.hasChanges()).isFalse();
  }

  @Test
  void an_active_alert_can_be_acknowledged_once() {
    var alert = raised(tooWarm, -14.0);

    alert.acknowledge("olga.operator", Stamps.atMinute(5));

    assertThat(alert.state()).isEqualTo(AlertState.ACKNOWLEDGED);
    assertThat(alert.data().acknowledgedBy()).contains("olga.operator");
    assertThat(alert.data().acknowledgeTime()).contains(minute(5));
    assertThat(alert.pendingEvents())
        .singleElement()
        .isInstanceOfSatisfying(
            AlertAcknowledged.class,
            e -> assertThat(e.acknowledgedBy()).isEqualTo("olga.operator"));
    assertThatThrownBy(() -> alert.acknowledge("sam", Stamps.atMinute(6)))
        .isInstanceOfSatisfying(
            RuleViolationException.class,
            e -> assertThat(e.reason()).isEqualTo("ALERT_ALREADY_ACKNOWLEDGED"));
  }

  @Test
  void an_acknowledgement_keeps_its_note_until_an_escalation_makes_the_alert_active_again() {
    var alert = raised(tooWarm, -14.0);

    alert.acknowledge("olga.operator", "technician on the way", Stamps.atMinute(5));
    var noted = alert.data().acknowledgeNote();
    var event = (AlertAcknowledged) alert.pendingEvents().getFirst();
    alert.escalate(-9.0, minute(6), Stamps.atMinute(6));

    assertThat(noted).isEqualTo("technician on the way");
    assertThat(event.note()).isEqualTo("technician on the way");
    assertThat(alert.state()).isEqualTo(AlertState.ACTIVE);
    assertThat(alert.data().acknowledgeNote()).isEmpty();
  }

  @Test
  void a_cleared_alert_cannot_be_acknowledged() {
    var alert = raised(tooWarm, -14.0);
    alert.clear(ClearCause.CONDITION_ENDED, OptionalDouble.of(-18), minute(4), Stamps.atMinute(4));

    assertThatThrownBy(() -> alert.acknowledge("olga", Stamps.atMinute(5)))
        .isInstanceOfSatisfying(
            RuleViolationException.class,
            e -> assertThat(e.reason()).isEqualTo("ALERT_ALREADY_CLEARED"));
  }

  @Test
  void an_alert_clears_whether_acknowledged_or_not() {
    var active = raised(tooWarm, -14.0);
    var acknowledged = raised(tooWarm, -14.0);
    acknowledged.acknowledge("olga", Stamps.atMinute(2));

    active.clear(ClearCause.CONDITION_ENDED, OptionalDouble.of(-18), minute(3), Stamps.atMinute(3));
    acknowledged.clear(
        ClearCause.CONDITION_ENDED, OptionalDouble.of(-18), minute(3), Stamps.atMinute(3));

    assertThat(active.state()).isEqualTo(AlertState.CLEARED);
    assertThat(acknowledged.state()).isEqualTo(AlertState.CLEARED);
    assertThat(acknowledged.data().acknowledgedBy()).contains("olga");
    assertThat(active.pendingEvents().getLast())
        .isInstanceOfSatisfying(
            AlertCleared.class,
            cleared -> {
              assertThat(cleared.cause()).isEqualTo(ClearCause.CONDITION_ENDED);
              assertThat(cleared.clearValue()).hasValue(-18);
              assertThat(cleared.peakValue()).isEqualTo(-14.0);
              assertThat(cleared.observeTime()).isEqualTo(minute(3));
            });
    assertThatThrownBy(
            () ->
                active.clear(
                    ClearCause.RULE_DELETED, OptionalDouble.empty(), minute(4), Stamps.atMinute(4)))
        .isInstanceOf(RuleViolationException.class);
  }

  @Test
  void clearing_records_what_the_alert_came_to_while_it_was_open() {
    var alert = raised(tooWarm, -14.0);
    alert.recordBreach(-11.0, minute(2), minute(2));
    alert.recordBreach(-13.5, minute(3), minute(3));
    alert.acknowledge("olga", Stamps.atMinute(4));

    alert.clear(ClearCause.CONDITION_ENDED, OptionalDouble.of(-18), minute(5), Stamps.atMinute(5));

    assertThat(alert.pendingEvents().getLast())
        .isInstanceOfSatisfying(
            AlertCleared.class,
            cleared -> {
              assertThat(cleared.acknowledged()).isTrue();
              assertThat(cleared.firstBreachTime()).isEqualTo(minute(1));
              assertThat(cleared.peakValue()).isEqualTo(-11.0);
              assertThat(cleared.lastValue()).isEqualTo(-13.5);
              assertThat(cleared.conditionKind()).isEqualTo(ConditionKind.THRESHOLD);
            });
  }

  @Test
  void an_alert_nobody_acknowledged_clears_as_unacknowledged() {
    var alert = raised(tooWarm, -14.0);

    alert.clear(ClearCause.RULE_DELETED, OptionalDouble.empty(), minute(2), Stamps.atMinute(2));

    assertThat(alert.pendingEvents().getLast())
        .isInstanceOfSatisfying(
            AlertCleared.class, cleared -> assertThat(cleared.acknowledged()).isFalse());
  }

  @Test
  void an_escalation_repeats_the_summary_the_alert_was_raised_with() {
    var alert = raised(tooWarm, -14.0);

    alert.escalate(-9.0, minute(3), Stamps.atMinute(3));

    assertThat(alert.pendingEvents())
        .singleElement()
        .isInstanceOfSatisfying(
            AlertEscalated.class,
            escalated ->
                assertThat(escalated.summary()).isNotBlank().isEqualTo(alert.data().summary()));
  }

  @Test
  void a_cleared_alert_takes_no_more_breaches() {
    var alert = raised(tooWarm, -14.0);
    alert.clear(ClearCause.CONDITION_ENDED, OptionalDouble.of(-18), minute(3), Stamps.atMinute(3));

    assertThatThrownBy(() -> alert.recordBreach(-12, minute(4), minute(4)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void a_warning_alert_escalates_to_critical_and_asks_for_attention_again() {
    var alert = raised(tooWarm, -14.0);
    alert.acknowledge("olga", Stamps.atMinute(2));
    alert.pullChange();

    alert.escalate(-9.0, minute(3), Stamps.atMinute(3));

    assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(alert.state()).isEqualTo(AlertState.ACTIVE);
    assertThat(alert.data().acknowledgedBy()).isEmpty();
    assertThat(alert.data().escalateTime()).contains(minute(3));
    assertThat(alert.data().peakValue()).isEqualTo(-9.0);
    var change = alert.pullChange();
    assertThat(change.events())
        .singleElement()
        .isInstanceOfSatisfying(
            AlertEscalated.class,
            escalated -> {
              assertThat(escalated.previousSeverity()).isEqualTo(Severity.WARNING);
              assertThat(escalated.severity()).isEqualTo(Severity.CRITICAL);
              assertThat(escalated.cause()).isEqualTo(EscalationCause.CRITICAL_LEVEL);
              assertThat(escalated.value()).isEqualTo(-9.0);
              assertThat(escalated.aggregateVersion()).isEqualTo(change.alert().version());
            });
  }

  @Test
  void a_warning_alert_active_for_its_rules_delay_escalates_by_time_once() {
    var rule =
        RuleFixtures.escalatingAfter(
            DeviceFixtures.ACME,
            freezer.id(),
            Duration.ofMinutes(10),
            RuleFixtures.above(-15, -17));
    var alert = raised(rule, -14.0);
    alert.recordBreach(-12.0, minute(4), minute(4));
    alert.pullChange();

    var early = alert.escalateIfActiveTooLong(rule, Stamps.atMinute(10));
    var due = alert.escalationDue(rule);
    var escalated = alert.escalateIfActiveTooLong(rule, Stamps.atMinute(11));
    var change = alert.pullChange();
    var again = alert.escalateIfActiveTooLong(rule, Stamps.atMinute(12));

    assertThat(early).isFalse();
    assertThat(due).contains(minute(11));
    assertThat(escalated).isTrue();
    assertThat(again).isFalse();
    assertThat(alert.hasChanges()).isFalse();
    assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(alert.state()).isEqualTo(AlertState.ACTIVE);
    assertThat(alert.data().escalateTime()).contains(minute(11));
    assertThat(alert.data().lastValue()).isEqualTo(-12.0);
    assertThat(alert.escalationDue(rule)).isEmpty();
    assertThat(change.events())
        .singleElement()
        .isInstanceOfSatisfying(
            AlertEscalated.class,
            event -> {
              assertThat(event.cause()).isEqualTo(EscalationCause.ACTIVE_TOO_LONG);
              assertThat(event.value()).isEqualTo(-12.0);
              assertThat(event.observeTime()).isEqualTo(minute(4));
              assertThat(event.aggregateVersion()).isEqualTo(change.alert().version());
            });
  }

  @Test
  void an_alert_escalates_by_time_only_while_active_warning_and_its_rule_asks_for_it() {
    var rule =
        RuleFixtures.escalatingAfter(
            DeviceFixtures.ACME,
            freezer.id(),
            Duration.ofMinutes(10),
            RuleFixtures.above(-15, -17));
    var acknowledged = raised(rule, -14.0);
    acknowledged.acknowledge("olga", Stamps.atMinute(2));
    var cleared = raised(rule, -14.0);
    cleared.clear(
        ClearCause.CONDITION_ENDED, OptionalDouble.of(-18), minute(2), Stamps.atMinute(2));
    var critical =
        Alert.raise(
            freezer.profile(), rule, Severity.CRITICAL, -14.0, minute(1), Stamps.atMinute(1));
    var active = raised(rule, -14.0);
    var disabled = rule.revise(AlertRule.Revision.none().withEnabled(false), minute(2));
    var withoutDelay =
        rule.revise(AlertRule.Revision.none().withEscalateAfter(Optional.empty()), minute(2));

    for (var alert : List.of(acknowledged, cleared, critical)) {
      assertThat(alert.escalationDue(rule)).isEmpty();
      assertThat(alert.escalateIfActiveTooLong(rule, Stamps.atMinute(60))).isFalse();
    }
    assertThat(active.escalationDue(disabled)).isEmpty();
    assertThat(active.escalationDue(withoutDelay)).isEmpty();
    assertThat(active.escalateIfActiveTooLong(withoutDelay, Stamps.atMinute(60))).isFalse();
    assertThat(active.severity()).isEqualTo(Severity.WARNING);
    assertThatThrownBy(() -> active.escalationDue(tooWarm))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void escalating_a_critical_alert_only_records_the_value() {
    var alert = raised(tooWarm, -14.0);
    alert.escalate(-9.0, minute(2), Stamps.atMinute(2));
    alert.pullChange();

    alert.escalate(-8.0, minute(3), Stamps.atMinute(3));

    assertThat(alert.pullChange().events()).isEmpty();
    assertThat(alert.data().lastValue()).isEqualTo(-8.0);
  }

  @Test
  void events_carry_increasing_versions_and_the_change_names_the_version_to_replace() {
    var alert =
        Alert.raise(
            freezer.profile(), tooWarm, Severity.WARNING, -14.0, minute(1), Stamps.atMinute(1));
    alert.escalate(-9.0, minute(2), Stamps.atMinute(2));
    alert.clear(ClearCause.CONDITION_ENDED, OptionalDouble.of(-18), minute(3), Stamps.atMinute(3));

    var change = alert.pullChange();

    assertThat(change.expectedVersion()).isZero();
    assertThat(change.events())
        .extracting(AlertEvent::aggregateVersion)
        .containsExactly(1L, 2L, 3L);
    assertThat(change.alert().version()).isEqualTo(3);
  }
}
