package dev.fieldops.telemetry.domain.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.RuleViolationException;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.Stamps;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceTest {

  @Test
  void a_registered_device_is_active_with_the_default_deadband_and_announces_itself() {
    var device = DeviceFixtures.freezerOf(DeviceFixtures.ACME);

    assertThat(device.state()).isEqualTo(DeviceState.ACTIVE);
    assertThat(device.version()).isEqualTo(1);
    assertThat(device.data().deadbandCelsius()).isEqualTo(0.5);
    assertThat(device.data().registerTime()).isEqualTo(Stamps.T0);
    assertThat(device.pullEvents())
        .singleElement()
        .isInstanceOfSatisfying(
            DeviceRegistered.class,
            registered -> {
              assertThat(registered.deviceId()).isEqualTo(device.id());
              assertThat(registered.customerId()).isEqualTo(DeviceFixtures.ACME);
              assertThat(registered.aggregateVersion()).isEqualTo(1);
              assertThat(registered.kind()).isEqualTo(DeviceKind.FREEZER);
              assertThat(registered.aggregateType()).isEqualTo("device");
            });
    assertThat(device.pullEvents()).isEmpty();
  }

  @Test
  void a_device_is_decommissioned_once() {
    var device = DeviceFixtures.freezerOf(DeviceFixtures.ACME);
    device.pullEvents();

    device.decommission(Stamps.atMinute(10));

    assertThat(device.state()).isEqualTo(DeviceState.DECOMMISSIONED);
    assertThat(device.version()).isEqualTo(2);
    assertThat(device.data().decommissionTime()).contains(Stamps.atMinute(10).now());
    assertThat(device.profile().isActive()).isFalse();
    assertThat(device.pullEvents())
        .singleElement()
        .isInstanceOfSatisfying(
            DeviceDecommissioned.class, e -> assertThat(e.aggregateVersion()).isEqualTo(2));
    assertThatThrownBy(() -> device.decommission(Stamps.atMinute(11)))
        .isInstanceOfSatisfying(
            RuleViolationException.class,
            e -> assertThat(e.reason()).isEqualTo("DEVICE_ALREADY_DECOMMISSIONED"));
    assertThat(device.version()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.1, 100.5, Double.NaN, Double.POSITIVE_INFINITY})
  void a_deadband_must_be_between_0_and_100(double deadband) {
    var registration =
        new Device.Registration(
            DeviceFixtures.ACME, "Freezer", "", DeviceKind.FREEZER, Optional.of(deadband));

    assertThatThrownBy(() -> Device.register(registration, Stamps.at(Stamps.T0)))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e ->
                assertThat(e.violations())
                    .extracting(v -> v.field())
                    .containsExactly("deadband_celsius"));
  }

  @Test
  void a_name_counts_characters_so_200_emoji_fit_and_201_do_not() {
    String emoji = "\uD83E\uDDCA";
    var fits =
        new Device.Registration(
            DeviceFixtures.ACME,
            emoji.repeat(200),
            emoji.repeat(200),
            DeviceKind.OTHER,
            Optional.empty());
    var tooLong =
        new Device.Registration(
            DeviceFixtures.ACME, emoji.repeat(201), "", DeviceKind.OTHER, Optional.empty());

    assertThat(Device.register(fits, Stamps.at(Stamps.T0)).data().displayName())
        .isEqualTo(emoji.repeat(200));
    assertThatThrownBy(() -> Device.register(tooLong, Stamps.at(Stamps.T0)))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void a_device_needs_a_name_and_every_problem_is_reported_at_once() {
    var registration =
        new Device.Registration(
            DeviceFixtures.ACME, "   ", "x".repeat(201), DeviceKind.OTHER, Optional.of(-1.0));

    assertThatThrownBy(() -> Device.register(registration, Stamps.at(Stamps.T0)))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e ->
                assertThat(e.violations())
                    .extracting(v -> v.field())
                    .containsExactly("display_name", "location", "deadband_celsius"));
  }

  @Test
  void a_zero_deadband_is_allowed() {
    var device =
        DeviceFixtures.deviceOf(DeviceFixtures.ACME, DeviceKind.SERVER_ROOM, 0.0, Stamps.T0);

    assertThat(device.data().deadbandCelsius()).isZero();
  }

  @Test
  void device_ids_parse_from_text_and_anything_else_is_no_device() {
    var id = DeviceFixtures.freezerOf(DeviceFixtures.ACME).id();

    assertThat(DeviceId.tryParse(id.toString())).contains(id);
    assertThat(DeviceId.tryParse("freezer-1")).isEmpty();
    assertThat(DeviceId.tryParse(null)).isEmpty();
    assertThatThrownBy(() -> DeviceId.parse("freezer-1", "device_id"))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void device_ids_sort_as_their_text_does_which_is_postgresqls_uuid_order() {
    var random = new java.util.Random(17);
    var ids = new java.util.ArrayList<DeviceId>();
    for (int i = 0; i < 2_000; i++) {
      // Both halves across the whole range, negative ones included (the unsigned case).
      ids.add(new DeviceId(new java.util.UUID(random.nextLong(), random.nextLong())));
    }
    ids.add(new DeviceId(new java.util.UUID(-1, 0)));
    ids.add(new DeviceId(new java.util.UUID(0, -1)));
    ids.add(new DeviceId(new java.util.UUID(1, 1)));

    var byId = ids.stream().sorted().map(DeviceId::toString).toList();
    var byText = ids.stream().map(DeviceId::toString).sorted().toList();

    assertThat(byId).isEqualTo(byText);
  }
}
