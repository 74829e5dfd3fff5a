package dev.fieldops.telemetry.application.command;

import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.Principal;
import dev.fieldops.telemetry.domain.device.DeviceId;
import java.util.Objects;

/** Take a device out of service; with an etag, only if the device is still at that version. */
public record DecommissionDevice(
    Principal principal, DeviceId deviceId, ExpectedVersion expectedVersion) {

  public DecommissionDevice {
    Objects.requireNonNull(principal, "principal");
  }
}
