package dev.fieldops.telemetry.application.command;

import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.Stamp;
import dev.fieldops.telemetry.application.shared.TelemetryAccess;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.device.DeviceData;
import dev.fieldops.telemetry.domain.device.DeviceRepository;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/** Registers a device; a customer may register devices for itself only. */
public final class RegisterDeviceHandler implements CommandHandler<RegisterDevice, DeviceData> {

  private final DeviceRepository devices;
  private final Clock clock;
  private final Supplier<UUID> ids;

  public RegisterDeviceHandler(DeviceRepository devices, Clock clock, Supplier<UUID> ids) {
    this.devices = Objects.requireNonNull(devices, "devices");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = Objects.requireNonNull(ids, "ids");
  }

  /**
   * @throws NotFoundException {@code CUSTOMER_NOT_FOUND} when the caller may not manage the
   *     customer's devices
   */
  @Override
  public DeviceData handle(RegisterDevice command) {
    var scope = TelemetryAccess.toManage(command.principal());
    if (scope.isEmpty() || !scope.get().includes(command.customerId())) {
      throw NotFoundException.of("customer", command.customerId().value());
    }
    var device =
        Device.register(
            new Device.Registration(
                command.customerId(),
                command.displayName(),
                command.location(),
                command.kind(),
                command.deadbandCelsius()),
            Stamp.of(clock.instant(), ids));
    devices.add(device);
    return device.data();
  }
}
