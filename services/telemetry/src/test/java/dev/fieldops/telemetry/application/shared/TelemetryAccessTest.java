package dev.fieldops.telemetry.application.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.kernel.Principal;
import dev.fieldops.telemetry.application.shared.TelemetryAccess.IngestRight;
import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.shared.AccessScope;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.Principals;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The authorization table of the telemetry context, row by row. */
class TelemetryAccessTest {

  private final DeviceId freezer = DeviceFixtures.freezerOf(DeviceFixtures.ACME).id();
  private final Optional<AccessScope> acmeOnly =
      Optional.of(AccessScope.customer(DeviceFixtures.ACME));
  private final Optional<AccessScope> everyone = Optional.of(AccessScope.everyone());

  @Test
  void operators_and_admins_may_do_everything() {
    for (Principal staff : new Principal[] {Principals.operator(), Principals.admin()}) {
      assertThat(TelemetryAccess.toDevicesAndReadings(staff)).isEqualTo(everyone);
      assertThat(TelemetryAccess.toRulesAndAlerts(staff)).isEqualTo(everyone);
      assertThat(TelemetryAccess.toManage(staff)).isEqualTo(everyone);
      assertThat(TelemetryAccess.toIngest(staff)).isInstanceOf(IngestRight.AnyDevice.class);
    }
  }

  @Test
  void other_staff_may_do_nothing_here() {
    var agent = Principals.supportAgent();

    assertThat(TelemetryAccess.toDevicesAndReadings(agent)).isEmpty();
    assertThat(TelemetryAccess.toRulesAndAlerts(agent)).isEmpty();
    assertThat(TelemetryAccess.toManage(agent)).isEmpty();
    assertThat(TelemetryAccess.toIngest(agent)).isInstanceOf(IngestRight.NoDevice.class);
  }

  @Test
  void a_customer_may_do_everything_with_its_own_things_only() {
    var acme = Principals.customer(DeviceFixtures.ACME);

    assertThat(TelemetryAccess.toDevicesAndReadings(acme)).isEqualTo(acmeOnly);
    assertThat(TelemetryAccess.toRulesAndAlerts(acme)).isEqualTo(acmeOnly);
    assertThat(TelemetryAccess.toManage(acme)).isEqualTo(acmeOnly);
    assertThat(TelemetryAccess.toIngest(acme))
        .isEqualTo(new IngestRight.CustomerDevices(DeviceFixtures.ACME));
  }

  @Test
  void a_customer_token_with_a_malformed_customer_id_may_do_nothing() {
    var broken = new Principal.Customer("someone", "not a customer id!");

    assertThat(TelemetryAccess.toDevicesAndReadings(broken)).isEmpty();
    assertThat(TelemetryAccess.toManage(broken)).isEmpty();
    assertThat(TelemetryAccess.toIngest(broken)).isInstanceOf(IngestRight.NoDevice.class);
  }

  @Test
  void a_device_may_only_report_its_own_readings() {
    var sensor = Principals.sensor(freezer);

    assertThat(TelemetryAccess.toIngest(sensor)).isEqualTo(new IngestRight.OwnDevice(freezer));
    assertThat(TelemetryAccess.toDevicesAndReadings(sensor)).isEmpty();
    assertThat(TelemetryAccess.toRulesAndAlerts(sensor)).isEmpty();
    assertThat(TelemetryAccess.toManage(sensor)).isEmpty();
    assertThat(TelemetryAccess.toIngest(new Principal.Device("sensor-x", "thermo-7")))
        .isInstanceOf(IngestRight.NoDevice.class);
  }

  @Test
  void another_fieldops_service_may_read_devices_and_readings_only() {
    var service = Principals.customerSupportService();

    assertThat(TelemetryAccess.toDevicesAndReadings(service)).isEqualTo(everyone);
    assertThat(TelemetryAccess.toRulesAndAlerts(service)).isEmpty();
    assertThat(TelemetryAccess.toManage(service)).isEmpty();
    assertThat(TelemetryAccess.toIngest(service)).isInstanceOf(IngestRight.NoDevice.class);
  }
}
