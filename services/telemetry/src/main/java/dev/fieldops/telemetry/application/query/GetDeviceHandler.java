package dev.fieldops.telemetry.application.query;

import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.telemetry.application.shared.TelemetryAccess;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.device.DeviceData;
import dev.fieldops.telemetry.domain.device.DeviceRepository;
import java.util.Objects;

public final class GetDeviceHandler {

  private final DeviceRepository devices;

  public GetDeviceHandler(DeviceRepository devices) {
    this.devices = Objects.requireNonNull(devices, "devices");
  }

  /**
   * @throws NotFoundException {@code DEVICE_NOT_FOUND}, also for a device the caller may not see
   */
  public DeviceData handle(GetDevice query) {
    var id = query.deviceId();
    return TelemetryAccess.toDevicesAndReadings(query.principal())
        .flatMap(scope -> devices.findById(id, scope))
        .map(Device::data)
        .orElseThrow(() -> NotFoundException.of("device", id.toString()));
  }
}
