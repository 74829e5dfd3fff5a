package dev.fieldops.telemetry.application.command;

import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.telemetry.application.shared.StampSource;
import dev.fieldops.telemetry.application.shared.TelemetryAccess;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.device.DeviceRepository;
import java.util.Objects;

/** Registers a device; a customer may register devices for itself only. */
public final class RegisterDeviceHandler implements CommandHandler<RegisterDevice, Device> {

  private final DeviceRepository devices;
  private final StampSource stamps;

  public RegisterDeviceHandler(DeviceRepository devices, StampSource stamps) {
    this.devices = Objects.requireNonNull(devices, "devices");
    this.stamps = Objects.requireNonNull(stamps, "stamps");
  }

  /**
   * @throws NotFoundException {@code CUSTOMER_NOT_FOUND} when the caller may not manage the
   *     customer's devices
   */
  @Override
  public Device handle(RegisterDevice command) {
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
            stamps.next());
    devices.add(device);
    return device;
  }
}
