package dev.fieldops.telemetry.application.query;

import dev.fieldops.kernel.paging.Page;
import dev.fieldops.telemetry.application.shared.TelemetryAccess;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.device.DeviceData;
import dev.fieldops.telemetry.domain.device.DeviceRepository;
import java.util.Objects;

/** Lists the devices the caller may see; a filter on another customer yields an empty page. */
public final class ListDevicesHandler {

  private final DeviceRepository devices;

  public ListDevicesHandler(DeviceRepository devices) {
    this.devices = Objects.requireNonNull(devices, "devices");
  }

  public Page<DeviceData> handle(ListDevices query) {
    return TelemetryAccess.toDevicesAndReadings(query.principal())
        .map(scope -> devices.list(query.filter(), scope, query.page()).map(Device::data))
        .orElseGet(Page::empty);
  }
}
