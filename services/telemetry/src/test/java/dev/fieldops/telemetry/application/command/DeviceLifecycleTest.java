package dev.fieldops.telemetry.application.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.ConcurrencyConflictException;
import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.RuleViolationException;
import dev.fieldops.telemetry.application.TelemetryApp;
import dev.fieldops.telemetry.application.query.GetDevice;
import dev.fieldops.telemetry.domain.alert.AlertCleared;
import dev.fieldops.telemetry.domain.alert.AlertState;
import dev.fieldops.telemetry.domain.alert.ClearCause;
import dev.fieldops.telemetry.domain.device.DeviceDecommissioned;
import dev.fieldops.telemetry.domain.device.DeviceKind;
import dev.fieldops.telemetry.domain.device.DeviceRegistered;
import dev.fieldops.telemetry.domain.device.DeviceState;
import dev.fieldops.telemetry.domain.reading.RejectReason;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.Principals;
import dev.fieldops.telemetry.fixture.RuleFixtures;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeviceLifecycleTest {

  private final TelemetryApp app = TelemetryApp.start();

  private RegisterDevice coldRoomOf(Principal principal, CustomerId customer) {
    return new RegisterDevice(
        principal, customer, "Cold room", "Hall 2", DeviceKind.COLD_ROOM, Optional.of(0.2));
  }

  @Test
  void an_operator_registers_a_device_for_any_customer_and_the_registration_is_announced() {
    var device =
        app.registerDevice.handle(coldRoomOf(Principals.operator(), DeviceFixtures.GLOBEX));

    assertThat(device.customerId()).isEqualTo(DeviceFixtures.GLOBEX);
    assertThat(device.deadbandCelsius()).isEqualTo(0.2);
    assertThat(device.registerTime()).isEqualTo(app.now());
    assertThat(app.outbox.eventsOf(DeviceRegistered.class))
        .extracting(DeviceRegistered::deviceId)
        .containsExactly(device.id());
  }

  @Test
  void a_customer_registers_devices_for_itself_only() {
    var own =
        app.registerDevice.handle(
            coldRoomOf(Principals.customer(DeviceFixtures.ACME), DeviceFixtures.ACME));

    assertThat(own.customerId()).isEqualTo(DeviceFixtures.ACME);
    assertThatThrownBy(
            () ->
                app.registerDevice.handle(
                    coldRoomOf(Principals.customer(DeviceFixtures.ACME), DeviceFixtures.GLOBEX)))
        .isInstanceOfSatisfying(
            NotFoundException.class, e -> assertThat(e.reason()).isEqualTo("CUSTOMER_NOT_FOUND"));
  }

  @Test
  void a_decommissioned_device_clears_its_open_alerts_and_its_readings_are_rejected() {
    var freezer = app.freezerOf(DeviceFixtures.ACME);
    app.ruleOn(freezer, Severity.WARNING, RuleFixtures.above(-15, -17));
    app.report(freezer, 1, -14);

    var decommissioned =
        app.decommissionDevice.handle(
            new DecommissionDevice(
                Principals.customer(DeviceFixtures.ACME), freezer.id(), ExpectedVersion.of(1)));

    assertThat(decommissioned.state()).isEqualTo(DeviceState.DECOMMISSIONED);
    assertThat(app.outbox.eventsOf(DeviceDecommissioned.class)).hasSize(1);
    var alert = app.onlyAlertOf(freezer.id());
    assertThat(alert.state()).isEqualTo(AlertState.CLEARED);
    assertThat(alert.data().clearCause()).contains(ClearCause.DEVICE_DECOMMISSIONED);
    assertThat(app.outbox.eventsOf(AlertCleared.class)).hasSize(1);
    assertThat(app.checkpoints.hasState(freezer.id())).isFalse();
    assertThat(app.report(freezer, 2, -18).rejectedByReason())
        .containsKey(RejectReason.DEVICE_DECOMMISSIONED);
  }

  @Test
  void decommissioning_twice_is_refused() {
    var freezer = app.freezerOf(DeviceFixtures.ACME);
    app.decommissionDevice.handle(
        new DecommissionDevice(Principals.operator(), freezer.id(), ExpectedVersion.any()));

    assertThatThrownBy(
            () ->
                app.decommissionDevice.handle(
                    new DecommissionDevice(
                        Principals.operator(), freezer.id(), ExpectedVersion.any())))
        .isInstanceOfSatisfying(
            RuleViolationException.class,
            e -> assertThat(e.reason()).isEqualTo("DEVICE_ALREADY_DECOMMISSIONED"));
  }

  @Test
  void a_stale_etag_changes_nothing() {
    var freezer = app.freezerOf(DeviceFixtures.ACME);

    assertThatThrownBy(
            () ->
                app.decommissionDevice.handle(
                    new DecommissionDevice(
                        Principals.operator(), freezer.id(), ExpectedVersion.of(7))))
        .isInstanceOfSatisfying(
            ConcurrencyConflictException.class,
            e -> assertThat(e.reason()).isEqualTo("ETAG_MISMATCH"));
    assertThat(app.getDevice.handle(new GetDevice(Principals.operator(), freezer.id())).state())
        .isEqualTo(DeviceState.ACTIVE);
  }

  @Test
  void another_customers_device_cannot_be_decommissioned_it_is_not_found() {
    var freezer = app.freezerOf(DeviceFixtures.ACME);

    assertThatThrownBy(
            () ->
                app.decommissionDevice.handle(
                    new DecommissionDevice(
                        Principals.customer(DeviceFixtures.GLOBEX),
                        freezer.id(),
                        ExpectedVersion.any())))
        .isInstanceOfSatisfying(
            NotFoundException.class, e -> assertThat(e.reason()).isEqualTo("DEVICE_NOT_FOUND"));
  }
}
