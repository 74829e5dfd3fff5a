package dev.fieldops.telemetry.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.kernel.Principal;
import dev.fieldops.telemetry.application.Access.IngestRight;
import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.shared.AccessScope;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.Principals;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The authorization table of the telemetry context, row by row. */
class AccessTest {

  private final DeviceId freezer = DeviceFixtures.freezerOf(DeviceFixtures.ACME).id();
  private final Optional<AccessScope> acmeOnly =
      Optional.of(AccessScope.customer(DeviceFixtures.ACME));
  private final Optional<AccessScope> everyone = Optional.of(AccessScope.everyone());

  @Test
  void operators_and_admins_may_do_everything() {
    for (Principal staff : new Principal[] {Principals.operator(), Principals.admin()}) {
      assertThat(Access.toDevicesAndReadings(staff)).isEqualTo(everyone);
      assertThat(Access.toRulesAndAlerts(staff)).isEqualTo(everyone);
      assertThat(Access.toManage(staff)).isEqualTo(everyone);
      assertThat(Access.toIngest(staff)).isInstanceOf(IngestRight.AnyDevice.class);
    }
  }

  @Test
  void other_staff_may_do_nothing_here() {
    var agent = Principals.supportAgent();

    assertThat(Access.toDevicesAndReadings(agent)).isEmpty();
    assertThat(Access.toRulesAndAlerts(agent)).isEmpty();
    assertThat(Access.toManage(agent)).isEmpty();
    assertThat(Access.toIngest(agent)).isInstanceOf(IngestRight.NoDevice.class);
  }

  @Test
  void a_customer_may_do_everything_with_its_own_things_only() {
    var acme = Principals.customer(DeviceFixtures.ACME);

    assertThat(Access.toDevicesAndReadings(acme)).isEqualTo(acmeOnly);
    assertThat(Access.toRulesAndAlerts(acme)).isEqualTo(acmeOnly);
    assertThat(Access.toManage(acme)).isEqualTo(acmeOnly);
    assertThat(Access.toIngest(acme))
        .isEqualTo(new IngestRight.CustomerDevices(DeviceFixtures.ACME));
  }

  @Test
  void a_customer_token_with_a_malformed_customer_id_may_do_nothing() {
    var broken = new Principal.Customer("someone", "not a customer id!");

    assertThat(Access.toDevicesAndReadings(broken)).isEmpty();
    assertThat(Access.toManage(broken)).isEmpty();
    assertThat(Access.toIngest(broken)).isInstanceOf(IngestRight.NoDevice.class);
  }

  @Test
  void a_device_may_only_report_its_own_readings() {
    var sensor = Principals.sensor(freezer);

    assertThat(Access.toIngest(sensor)).isEqualTo(new IngestRight.OwnDevice(freezer));
    assertThat(Access.toDevicesAndReadings(sensor)).isEmpty();
    assertThat(Access.toRulesAndAlerts(sensor)).isEmpty();
    assertThat(Access.toManage(sensor)).isEmpty();
    assertThat(Access.toIngest(new Principal.Device("sensor-x", "thermo-7")))
        .isInstanceOf(IngestRight.NoDevice.class);
  }

  @Test
  void another_fieldops_service_may_read_devices_and_readings_only() {
    var service = Principals.customerSupportService();

    assertThat(Access.toDevicesAndReadings(service)).isEqualTo(everyone);
    assertThat(Access.toRulesAndAlerts(service)).isEmpty();
    assertThat(Access.toManage(service)).isEmpty();
    assertThat(Access.toIngest(service)).isInstanceOf(IngestRight.NoDevice.class);
  }
}
