package dev.fieldops.telemetry.application.query;

import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.telemetry.domain.device.DeviceFilter;
import java.util.Objects;

public record ListDevices(Principal principal, DeviceFilter filter, PageRequest page) {

  public ListDevices {
    Objects.requireNonNull(principal, "principal");
  }
}
