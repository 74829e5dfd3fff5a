package dev.fieldops.telemetry.domain.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.InvalidInputException.FieldViolation;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.RuleFixtures;
import dev.fieldops.telemetry.fixture.Stamps;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertRuleTest {

  private final Device freezer = DeviceFixtures.freezerOf(DeviceFixtures.ACME);

  @Test
  void a_created_rule_is_at_version_one_and_a_revision_bumps_it() {
    var rule = RuleFixtures.aboveThreshold(DeviceFixtures.ACME, freezer.id(), -15, -17);

    var revised =
        rule.revise(
            AlertRule.Revision.none().withSeverity(Severity.CRITICAL).withDisplayName("Too warm"),
            Stamps.atMinute(3).now());

    assertThat(rule.version()).isEqualTo(1);
    assertThat(revised.version()).isEqualTo(2);
    assertThat(revised.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(revised.displayName()).isEqualTo("Too warm");
    assertThat(revised.updateTime()).isEqualTo(Stamps.atMinute(3).now());
    assertThat(revised.createTime()).isEqualTo(rule.createTime());
  }

  @Test
  void a_revision_that_changes_nothing_is_not_a_new_version() {
    var rule = RuleFixtures.aboveThreshold(DeviceFixtures.ACME, freezer.id(), -15, -17);

    assertThat(rule.revise(AlertRule.Revision.none().withEnabled(true), Stamps.atMinute(3).now()))
        .isSameAs(rule);
  }

  @Test
  void levels_outside_the_metrics_physical_range_are_invalid() {
    assertThatThrownBy(
            () ->
                RuleFixtures.rule(
                    DeviceFixtures.ACME,
                    new RuleTarget.SingleDevice(freezer.id()),
                    Severity.WARNING,
                    Metric.HUMIDITY_PERCENT,
                    RuleFixtures.above(120, 90)))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e ->
                assertThat(e.violations())
                    .extracting(FieldViolation::field)
                    .containsExactly("condition.threshold.raise_level"));
  }

  @Test
  void only_a_warning_rule_may_name_a_critical_level() {
    assertThatThrownBy(
            () ->
                RuleFixtures.onDevice(
                    DeviceFixtures.ACME,
                    freezer.id(),
                    Severity.CRITICAL,
                    RuleFixtures.above(-15, -17, -10)))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e ->
                assertThat(e.violations())
                    .extracting(FieldViolation::field)
                    .containsExactly("severity"));
  }

  @Test
  void an_escalation_delay_lies_between_one_minute_and_seven_days() {
    for (var delay : List.of(Duration.ofSeconds(59), Duration.ofDays(7).plusSeconds(1))) {
      assertThatThrownBy(
              () ->
                  RuleFixtures.escalatingAfter(
                      DeviceFixtures.ACME, freezer.id(), delay, RuleFixtures.above(-15, -17)))
          .isInstanceOfSatisfying(
              InvalidInputException.class,
              e ->
                  assertThat(e.violations())
                      .extracting(FieldViolation::field)
                      .containsExactly("escalate_after"));
    }
    for (var delay : List.of(Duration.ofMinutes(1), Duration.ofDays(7))) {
      assertThat(
              RuleFixtures.escalatingAfter(
                      DeviceFixtures.ACME, freezer.id(), delay, RuleFixtures.above(-15, -17))
                  .escalateAfter())
          .contains(delay);
    }
  }

  @Test
  void only_a_warning_rule_may_escalate_by_time() {
    var rule =
        RuleFixtures.escalatingAfter(
            DeviceFixtures.ACME,
            freezer.id(),
            Duration.ofMinutes(10),
            RuleFixtures.above(-15, -17));

    assertThatThrownBy(
            () -> rule.revise(AlertRule.Revision.none().withSeverity(Severity.CRITICAL), Stamps.T0))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e ->
                assertThat(e.violations())
                    .extracting(FieldViolation::field)
                    .containsExactly("escalate_after"));
    assertThat(
            rule.revise(
                    AlertRule.Revision.none()
                        .withSeverity(Severity.CRITICAL)
                        .withEscalateAfter(Optional.empty()),
                    Stamps.T0)
                .severity())
        .isEqualTo(Severity.CRITICAL);
  }

  @Test
  void a_revision_sets_changes_or_removes_the_escalation_delay() {
    var rule = RuleFixtures.aboveThreshold(DeviceFixtures.ACME, freezer.id(), -15, -17);
    var hour = AlertRule.Revision.none().withEscalateAfter(Optional.of(Duration.ofHours(1)));
    var none = AlertRule.Revision.none().withEscalateAfter(Optional.empty());

    var withDelay = rule.revise(hour, Stamps.atMinute(1).now());
    var unchanged = withDelay.revise(hour, Stamps.atMinute(2).now());
    var renamed = withDelay.revise(AlertRule.Revision.none().withDisplayName("x"), Stamps.T0);
    var withoutDelay = withDelay.revise(none, Stamps.atMinute(3).now());

    assertThat(rule.escalateAfter()).isEmpty();
    assertThat(withDelay.escalateAfter()).contains(Duration.ofHours(1));
    assertThat(withDelay.version()).isEqualTo(2);
    assertThat(unchanged).isSameAs(withDelay);
    assertThat(renamed.escalateAfter()).contains(Duration.ofHours(1));
    assertThat(withoutDelay.escalateAfter()).isEmpty();
    assertThat(withoutDelay.version()).isEqualTo(3);
  }

  @Test
  void a_revision_is_validated_like_a_new_rule() {
    var rule =
        RuleFixtures.onDevice(
            DeviceFixtures.ACME, freezer.id(), Severity.WARNING, RuleFixtures.above(-15, -17, -10));

    assertThatThrownBy(
            () -> rule.revise(AlertRule.Revision.none().withSeverity(Severity.CRITICAL), Stamps.T0))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> rule.revise(AlertRule.Revision.none().withDisplayName(" "), Stamps.T0))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void a_rule_applies_to_its_device_or_to_every_device_of_its_customer() {
    var fridge = DeviceFixtures.freezerOf(DeviceFixtures.ACME);
    var theirs = DeviceFixtures.freezerOf(DeviceFixtures.GLOBEX);
    var onFreezer = RuleFixtures.aboveThreshold(DeviceFixtures.ACME, freezer.id(), -15, -17);
    var everywhere =
        RuleFixtures.onAllDevicesOf(
            DeviceFixtures.ACME, Severity.WARNING, RuleFixtures.above(8, 6));
    var disabled = onFreezer.revise(AlertRule.Revision.none().withEnabled(false), Stamps.T0);

    assertThat(AlertRule.enabledFor(freezer.profile(), List.of(everywhere, onFreezer, disabled)))
        .containsExactly(onFreezer, everywhere);
    assertThat(AlertRule.enabledFor(fridge.profile(), List.of(onFreezer, everywhere)))
        .containsExactly(everywhere);
    assertThat(AlertRule.enabledFor(theirs.profile(), List.of(onFreezer, everywhere))).isEmpty();
  }
}
