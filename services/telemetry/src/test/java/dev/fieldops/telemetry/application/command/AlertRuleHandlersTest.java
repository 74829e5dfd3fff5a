package dev.fieldops.telemetry.application.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.ConcurrencyConflictException;
import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.RuleViolationException;
import dev.fieldops.telemetry.application.TelemetryApp;
import dev.fieldops.telemetry.domain.alert.AlertState;
import dev.fieldops.telemetry.domain.alert.ClearCause;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.Condition;
import dev.fieldops.telemetry.domain.rule.Direction;
import dev.fieldops.telemetry.domain.rule.RuleTarget;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.domain.shared.AccessScope;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.Principals;
import dev.fieldops.telemetry.fixture.RuleFixtures;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class AlertRuleHandlersTest {

  private final TelemetryApp app = TelemetryApp.start();
  private final Device freezer = app.freezerOf(DeviceFixtures.ACME);

  private CreateAlertRule tooWarmOn(Principal principal, Device device) {
    return new CreateAlertRule(
        principal,
        device.customerId(),
        new RuleTarget.SingleDevice(device.id()),
        "Too warm",
        Metric.TEMPERATURE_CELSIUS,
        Severity.WARNING,
        true,
        RuleFixtures.above(-15, -17));
  }

  @Test
  void a_customer_creates_a_rule_on_its_own_device_and_the_rule_book_hears_of_it() {
    var before = app.rules.invalidations();

    var rule =
        app.createAlertRule.handle(tooWarmOn(Principals.customer(DeviceFixtures.ACME), freezer));

    assertThat(rule.version()).isEqualTo(1);
    assertThat(app.rules.findById(rule.id(), AccessScope.everyone())).contains(rule);
    assertThat(app.rules.invalidations()).isEqualTo(before + 1);
  }

  @Test
  void a_rule_on_another_customers_device_is_refused_as_if_the_device_did_not_exist() {
    var theirs = app.freezerOf(DeviceFixtures.GLOBEX);
    Function<Principal, CreateAlertRule> sneaky =
        principal ->
            new CreateAlertRule(
                principal,
                DeviceFixtures.ACME,
                new RuleTarget.SingleDevice(theirs.id()),
                "x",
                Metric.TEMPERATURE_CELSIUS,
                Severity.WARNING,
                true,
                RuleFixtures.above(8, 6));

    assertThatThrownBy(
            () ->
                app.createAlertRule.handle(sneaky.apply(Principals.customer(DeviceFixtures.ACME))))
        .isInstanceOfSatisfying(
            NotFoundException.class, e -> assertThat(e.reason()).isEqualTo("DEVICE_NOT_FOUND"));
    assertThatThrownBy(() -> app.createAlertRule.handle(sneaky.apply(Principals.operator())))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(
            () ->
                app.createAlertRule.handle(
                    tooWarmOn(Principals.customer(DeviceFixtures.ACME), theirs)))
        .isInstanceOfSatisfying(
            NotFoundException.class, e -> assertThat(e.reason()).isEqualTo("CUSTOMER_NOT_FOUND"));
  }

  @Test
  void a_decommissioned_device_gets_no_new_rules() {
    app.decommissionDevice.handle(
        new DecommissionDevice(Principals.operator(), freezer.id(), ExpectedVersion.any()));

    assertThatThrownBy(() -> app.createAlertRule.handle(tooWarmOn(Principals.operator(), freezer)))
        .isInstanceOfSatisfying(
            RuleViolationException.class,
            e -> assertThat(e.reason()).isEqualTo("DEVICE_DECOMMISSIONED"));
  }

  @Test
  void a_rule_created_without_a_name_is_named_after_what_it_watches() {
    var rule =
        app.createAlertRule.handle(
            new CreateAlertRule(
                Principals.operator(),
                DeviceFixtures.ACME,
                new RuleTarget.SingleDevice(freezer.id()),
                " ",
                Metric.TEMPERATURE_CELSIUS,
                Severity.WARNING,
                true,
                new Condition.Threshold(Direction.ABOVE, -15, -17, OptionalDouble.empty())));

    assertThat(rule.displayName()).isEqualTo("Temperature above -15.0 °C");
  }

  @Test
  void a_clear_level_on_the_wrong_side_is_invalid_input_naming_the_field() {
    assertThatThrownBy(
            () ->
                app.createAlertRule.handle(
                    new CreateAlertRule(
                        Principals.operator(),
                        DeviceFixtures.ACME,
                        new RuleTarget.AllCustomerDevices(),
                        "Broken",
                        Metric.TEMPERATURE_CELSIUS,
                        Severity.WARNING,
                        true,
                        new Condition.Threshold(
                            Direction.ABOVE, -15, -10, OptionalDouble.empty()))))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e ->
                assertThat(e.violations())
                    .extracting(v -> v.field())
                    .containsExactly("threshold.clear_level"));
  }

  @Test
  void an_update_with_the_current_etag_revises_the_rule_and_a_stale_one_is_refused() {
    var rule = app.ruleOn(freezer, Severity.WARNING, RuleFixtures.above(-15, -17));

    var updated =
        app.updateAlertRule.handle(
            new UpdateAlertRule(
                Principals.customer(DeviceFixtures.ACME),
                rule.id(),
                ExpectedVersion.of(1),
                AlertRule.Revision.none().withSeverity(Severity.CRITICAL)));

    assertThat(updated.version()).isEqualTo(2);
    assertThat(updated.severity()).isEqualTo(Severity.CRITICAL);
    assertThatThrownBy(
            () ->
                app.updateAlertRule.handle(
                    new UpdateAlertRule(
                        Principals.operator(),
                        rule.id(),
                        ExpectedVersion.of(1),
                        AlertRule.Revision.none().withDisplayName("Again"))))
        .isInstanceOf(ConcurrencyConflictException.class);
  }

  @Test
  void a_changed_condition_clears_an_open_alert_once_the_new_condition_is_not_met() {
    var rule = app.ruleOn(freezer, Severity.WARNING, RuleFixtures.above(-15, -17));
    app.report(freezer, 1, -14);

    app.updateAlertRule.handle(
        new UpdateAlertRule(
            Principals.operator(),
            rule.id(),
            ExpectedVersion.any(),
            AlertRule.Revision.none().withCondition(RuleFixtures.above(-10, -12))));
    app.report(freezer, 2, -11);

    assertThat(app.onlyAlertOf(freezer.id()).state()).isEqualTo(AlertState.ACTIVE);
    app.report(freezer, 3, -12);
    assertThat(app.onlyAlertOf(freezer.id()).state()).isEqualTo(AlertState.CLEARED);
  }

  @Test
  void disabling_a_rule_clears_its_open_alerts_and_stops_evaluating_it() {
    var rule = app.ruleOn(freezer, Severity.WARNING, RuleFixtures.above(-15, -17));
    app.report(freezer, 1, -14);

    app.updateAlertRule.handle(
        new UpdateAlertRule(
            Principals.operator(),
            rule.id(),
            ExpectedVersion.any(),
            AlertRule.Revision.none().withEnabled(false)));
    app.report(freezer, 2, -5);

    var alert = app.onlyAlertOf(freezer.id());
    assertThat(alert.state()).isEqualTo(AlertState.CLEARED);
    assertThat(alert.data().clearCause()).contains(ClearCause.RULE_DISABLED);
  }

  @Test
  void deleting_a_rule_clears_its_open_alerts() {
    var rule = app.ruleOn(freezer, Severity.WARNING, RuleFixtures.above(-15, -17));
    app.report(freezer, 1, -14);

    var deleted =
        app.deleteAlertRule.handle(
            new DeleteAlertRule(Principals.operator(), rule.id(), ExpectedVersion.of(1)));

    assertThat(deleted.id()).isEqualTo(rule.id());
    assertThat(app.rules.findById(rule.id(), AccessScope.everyone())).isEmpty();
    assertThat(app.onlyAlertOf(freezer.id()).data().clearCause()).contains(ClearCause.RULE_DELETED);
    app.report(freezer, 2, -5);
    assertThat(app.alertsOf(freezer.id())).hasSize(1);
  }

  @Test
  void another_customers_rule_cannot_be_changed_or_deleted_it_is_not_found() {
    var rule = app.ruleOn(freezer, Severity.WARNING, RuleFixtures.above(-15, -17));
    var globex = Principals.customer(DeviceFixtures.GLOBEX);

    assertThatThrownBy(
            () ->
                app.updateAlertRule.handle(
                    new UpdateAlertRule(
                        globex,
                        rule.id(),
                        ExpectedVersion.any(),
                        AlertRule.Revision.none().withEnabled(false))))
        .isInstanceOfSatisfying(
            NotFoundException.class, e -> assertThat(e.reason()).isEqualTo("ALERT_RULE_NOT_FOUND"));
    assertThatThrownBy(
            () ->
                app.deleteAlertRule.handle(
                    new DeleteAlertRule(globex, rule.id(), ExpectedVersion.any())))
        .isInstanceOf(NotFoundException.class);
    assertThat(app.rules.findById(rule.id(), AccessScope.everyone())).contains(rule);
  }
}
