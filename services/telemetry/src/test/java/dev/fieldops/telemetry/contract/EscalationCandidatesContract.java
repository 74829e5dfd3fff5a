package dev.fieldops.telemetry.contract;

import static dev.fieldops.telemetry.fixture.ReadingFixtures.minute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.telemetry.domain.alert.Alert;
import dev.fieldops.telemetry.domain.alert.AlertBatch;
import dev.fieldops.telemetry.domain.alert.AlertId;
import dev.fieldops.telemetry.domain.alert.AlertRepository;
import dev.fieldops.telemetry.domain.alert.ClearCause;
import dev.fieldops.telemetry.domain.alert.EscalationCandidates;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.AlertRuleRepository;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.domain.shared.AccessScope;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.RuleFixtures;
import dev.fieldops.telemetry.fixture.Stamps;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EscalationCandidates} must find: exactly the alerts whose {@link
 * Alert#escalationDue} has passed, earliest due first. Stores may be shared between the tests of a
 * class, so each test looks only at its own alerts.
 */
public abstract class EscalationCandidatesContract {

  protected abstract EscalationCandidates candidates();

  protected abstract AlertRepository alerts();

  protected abstract AlertRuleRepository rules();

  /** Makes the device exist (for stores whose alerts refer to devices). */
  protected abstract void givenDevice(Device device);

  private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

  private final CustomerId customer = DeviceFixtures.anotherCustomer();

  private Device device() {
    var device = DeviceFixtures.freezerOf(customer);
    givenDevice(device);
    return device;
  }

  private AlertRule escalatingAfter(Device device, Duration delay) {
    var rule =
        RuleFixtures.escalatingAfter(customer, device.id(), delay, RuleFixtures.above(-15, -17));
    rules().add(rule);
    return rule;
  }

  /** An alert of the rule raised (server time) at the given minute past T0. */
  private Alert raisedAtMinute(Device device, AlertRule rule, int minute) {
    var alert =
        Alert.raise(
            device.profile(), rule, Severity.WARNING, -14, minute(minute), Stamps.atMinute(minute));
    alerts().saveAll(new AlertBatch(List.of(alert.pullChange()), List.of()));
    return alert;
  }

  private List<AlertId> dueAt(Instant now, List<AlertId> among) {
    return candidates().dueAt(now, 10_000).stream().filter(among::contains).toList();
  }

  @Test
  void an_active_warning_alert_is_due_once_its_rules_delay_has_passed_since_it_was_raised() {
    var freezer = device();
    var alert = raisedAtMinute(freezer, escalatingAfter(freezer, TEN_MINUTES), 1);
    var mine = List.of(alert.id());

    assertThat(dueAt(minute(10.99), mine)).isEmpty();
    assertThat(dueAt(minute(11), mine)).containsExactly(alert.id());
    assertThat(dueAt(minute(500), mine)).containsExactly(alert.id());
  }

  @Test
  void alerts_are_due_earliest_first_and_a_scan_takes_at_most_its_limit() {
    var first = device();
    var second = device();
    var third = device();
    var late = raisedAtMinute(first, escalatingAfter(first, Duration.ofMinutes(30)), 1);
    var early = raisedAtMinute(second, escalatingAfter(second, TEN_MINUTES), 5);
    var middle = raisedAtMinute(third, escalatingAfter(third, TEN_MINUTES), 20);
    var mine = List.of(late.id(), early.id(), middle.id());

    assertThat(dueAt(minute(60), mine)).containsExactly(early.id(), middle.id(), late.id());
    assertThat(candidates().dueAt(minute(60), 1)).hasSize(1);
  }

  @Test
  void acknowledged_critical_and_cleared_alerts_are_never_due() {
    var acknowledged = device();
    var critical = device();
    var cleared = device();
    var a = raisedAtMinute(acknowledged, escalatingAfter(acknowledged, TEN_MINUTES), 1);
    var c = raisedAtMinute(critical, escalatingAfter(critical, TEN_MINUTES), 1);
    var x = raisedAtMinute(cleared, escalatingAfter(cleared, TEN_MINUTES), 1);
    var everyone = AccessScope.everyone();
    alerts().update(a.id(), everyone, al -> al.acknowledge("olga", Stamps.atMinute(2)));
    alerts().update(c.id(), everyone, al -> al.escalate(-5, minute(2), Stamps.atMinute(2)));
    alerts()
        .update(
            x.id(),
            everyone,
            al ->
                al.clear(
                    ClearCause.CONDITION_ENDED,
                    OptionalDouble.of(-18),
                    minute(2),
                    Stamps.atMinute(2)));

    assertThat(dueAt(minute(60), List.of(a.id(), c.id(), x.id()))).isEmpty();
  }

  @Test
  void the_rule_as_it_is_now_decides_delay_changed_removed_disabled_or_deleted() {
    var shortened = device();
    var removed = device();
    var disabled = device();
    var deleted = device();
    var shortenedRule = escalatingAfter(shortened, Duration.ofHours(2));
    var removedRule = escalatingAfter(removed, TEN_MINUTES);
    var disabledRule = escalatingAfter(disabled, TEN_MINUTES);
    var deletedRule = escalatingAfter(deleted, TEN_MINUTES);
    var s = raisedAtMinute(shortened, shortenedRule, 1);
    var r = raisedAtMinute(removed, removedRule, 1);
    var d = raisedAtMinute(disabled, disabledRule, 1);
    var x = raisedAtMinute(deleted, deletedRule, 1);
    var mine = List.of(s.id(), r.id(), d.id(), x.id());
    assertThat(dueAt(minute(30), mine)).containsExactlyInAnyOrder(r.id(), d.id(), x.id());

    revise(shortenedRule, AlertRule.Revision.none().withEscalateAfter(Optional.of(TEN_MINUTES)));
    revise(removedRule, AlertRule.Revision.none().withEscalateAfter(Optional.empty()));
    revise(disabledRule, AlertRule.Revision.none().withEnabled(false));
    rules().delete(deletedRule.id(), AccessScope.everyone(), rule -> {});

    assertThat(dueAt(minute(30), mine)).containsExactly(s.id());
  }

  private void revise(AlertRule rule, AlertRule.Revision revision) {
    rules()
        .update(rule.id(), AccessScope.everyone(), loaded -> loaded.revise(revision, minute(20)));
  }
}
