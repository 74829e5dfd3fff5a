package dev.fieldops.telemetry.application.query;

import dev.fieldops.kernel.Principal;
import dev.fieldops.telemetry.domain.device.DeviceId;
import java.util.Objects;

public record GetDevice(Principal principal, DeviceId deviceId) {

  public GetDevice {
    Objects.requireNonNull(principal, "principal");
  }
}
