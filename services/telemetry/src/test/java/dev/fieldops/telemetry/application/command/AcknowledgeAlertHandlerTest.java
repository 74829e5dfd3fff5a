package dev.fieldops.telemetry.application.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.ConcurrencyConflictException;
import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.RuleViolationException;
import dev.fieldops.telemetry.application.TelemetryApp;
import dev.fieldops.telemetry.domain.alert.Alert;
import dev.fieldops.telemetry.domain.alert.AlertAcknowledged;
import dev.fieldops.telemetry.domain.alert.AlertState;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.Principals;
import dev.fieldops.telemetry.fixture.RuleFixtures;
import org.junit.jupiter.api.Test;

class AcknowledgeAlertHandlerTest {

  private final TelemetryApp app = TelemetryApp.start();
  private final Device freezer = app.freezerOf(DeviceFixtures.ACME);

  private Alert activeAlert() {
    app.ruleOn(freezer, Severity.WARNING, RuleFixtures.above(-15, -17));
    app.report(freezer, 1, -14);
    return app.onlyAlertOf(freezer.id());
  }

  @Test
  void the_customer_acknowledges_its_alert_in_its_own_name() {
    var alert = activeAlert();
    var customer = Principals.customer(DeviceFixtures.ACME);

    var acknowledged =
        app.acknowledgeAlert.handle(
            new AcknowledgeAlert(customer, alert.id(), ExpectedVersion.of(alert.version())));

    assertThat(acknowledged.state()).isEqualTo(AlertState.ACKNOWLEDGED);
    assertThat(acknowledged.acknowledgedBy()).contains(customer.subject());
    assertThat(app.outbox.eventsOf(AlertAcknowledged.class))
        .singleElement()
        .satisfies(e -> assertThat(e.acknowledgedBy()).isEqualTo(customer.subject()));
  }

  @Test
  void acknowledging_twice_or_after_clearing_is_refused_with_the_rule_named() {
    var alert = activeAlert();
    app.acknowledge(alert);

    assertThatThrownBy(() -> app.acknowledge(alert))
        .isInstanceOfSatisfying(
            RuleViolationException.class,
            e -> assertThat(e.reason()).isEqualTo("ALERT_ALREADY_ACKNOWLEDGED"));

    app.report(freezer, 2, -18);

    assertThatThrownBy(() -> app.acknowledge(alert))
        .isInstanceOfSatisfying(
            RuleViolationException.class,
            e -> assertThat(e.reason()).isEqualTo("ALERT_ALREADY_CLEARED"));
  }

  @Test
  void an_acknowledged_alert_still_clears_when_the_condition_ends() {
    var alert = activeAlert();
    app.acknowledge(alert);

    app.report(freezer, 2, -18);

    var cleared = app.onlyAlertOf(freezer.id());
    assertThat(cleared.state()).isEqualTo(AlertState.CLEARED);
    assertThat(cleared.data().acknowledgedBy()).isPresent();
  }

  @Test
  void an_etag_from_before_a_breach_update_is_stale() {
    var alert = activeAlert();
    app.report(freezer, 2, -12);

    assertThatThrownBy(
            () ->
                app.acknowledgeAlert.handle(
                    new AcknowledgeAlert(
                        Principals.operator(), alert.id(), ExpectedVersion.of(alert.version()))))
        .isInstanceOf(ConcurrencyConflictException.class);
  }

  @Test
  void another_customers_alert_is_not_found() {
    var alert = activeAlert();

    assertThatThrownBy(
            () ->
                app.acknowledgeAlert.handle(
                    new AcknowledgeAlert(
                        Principals.customer(DeviceFixtures.GLOBEX),
                        alert.id(),
                        ExpectedVersion.any())))
        .isInstanceOfSatisfying(
            NotFoundException.class, e -> assertThat(e.reason()).isEqualTo("ALERT_NOT_FOUND"));
    assertThat(app.onlyAlertOf(freezer.id()).state()).isEqualTo(AlertState.ACTIVE);
  }
}
