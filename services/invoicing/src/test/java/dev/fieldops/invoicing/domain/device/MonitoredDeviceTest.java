package dev.fieldops.invoicing.domain.device;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.invoicing.domain.customer.CustomerId;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MonitoredDeviceTest {

  private static final UUID DEVICE = UUID.randomUUID();
  private static final CustomerId CUSTOMER = new CustomerId("c-1");

  @Test
  void the_registration_month_is_billed_and_every_month_starting_while_in_service() {
    var device =
        MonitoredDevice.registered(DEVICE, CUSTOMER, Instant.parse("2026-01-31T23:59:59Z"));

    assertThat(device.registrationMonth()).isEqualTo(YearMonth.of(2026, 1));
    assertThat(device.billableFor(YearMonth.of(2026, 1))).isTrue();
    assertThat(device.billableFor(YearMonth.of(2026, 2))).isTrue();
    assertThat(device.billableFor(YearMonth.of(2025, 12))).isFalse();
  }

  @Test
  void no_month_starting_after_the_decommissioning_is_billed() {
    var device =
        new MonitoredDevice(
            DEVICE,
            CUSTOMER,
            Instant.parse("2026-01-10T00:00:00Z"),
            Optional.of(Instant.parse("2026-02-20T00:00:00Z")));

    assertThat(device.billableFor(YearMonth.of(2026, 2))).isTrue();
    assertThat(device.billableFor(YearMonth.of(2026, 3))).isFalse();
  }

  @Test
  void nothing_settled_yet_bills_from_the_registration_month_to_the_current_one() {
    var device =
        MonitoredDevice.registered(DEVICE, CUSTOMER, Instant.parse("2026-01-10T08:00:00Z"));

    assertThat(device.monthsToBill(Optional.empty(), YearMonth.of(2026, 3)))
        .containsExactly(YearMonth.of(2026, 1), YearMonth.of(2026, 2), YearMonth.of(2026, 3));
  }

  @Test
  void every_started_month_after_the_last_settled_one_is_billed_however_long_nobody_billed() {
    var device =
        MonitoredDevice.registered(DEVICE, CUSTOMER, Instant.parse("2025-11-10T08:00:00Z"));

    assertThat(device.monthsToBill(Optional.of(YearMonth.of(2025, 12)), YearMonth.of(2026, 4)))
        .containsExactly(
            YearMonth.of(2026, 1),
            YearMonth.of(2026, 2),
            YearMonth.of(2026, 3),
            YearMonth.of(2026, 4));
    assertThat(device.monthsToBill(Optional.of(YearMonth.of(2026, 4)), YearMonth.of(2026, 4)))
        .as("settled through the current month")
        .isEmpty();
  }

  @Test
  void months_starting_after_the_decommissioning_are_never_billed_when_catching_up() {
    var device =
        new MonitoredDevice(
            DEVICE,
            CUSTOMER,
            Instant.parse("2026-01-10T00:00:00Z"),
            Optional.of(Instant.parse("2026-02-20T00:00:00Z")));

    assertThat(device.monthsToBill(Optional.empty(), YearMonth.of(2026, 6)))
        .containsExactly(YearMonth.of(2026, 1), YearMonth.of(2026, 2));
  }

  @Test
  void a_months_charge_time_is_its_start_or_the_later_registration() {
    var device =
        MonitoredDevice.registered(DEVICE, CUSTOMER, Instant.parse("2026-01-10T08:00:00Z"));

    assertThat(device.chargeTimeFor(YearMonth.of(2026, 1))).isEqualTo("2026-01-10T08:00:00Z");
    assertThat(device.chargeTimeFor(YearMonth.of(2026, 2))).isEqualTo("2026-02-01T00:00:00Z");
  }
}
