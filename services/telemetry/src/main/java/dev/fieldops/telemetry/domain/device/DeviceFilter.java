package dev.fieldops.telemetry.domain.device;

import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.util.Objects;
import java.util.Optional;

/** Optional conditions of a device listing; the access scope is applied on top. */
public record DeviceFilter(
    Optional<CustomerId> customerId, Optional<DeviceState> state, Optional<DeviceKind> kind) {

  public DeviceFilter {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(kind, "kind");
  }

  /** A filter on customer and state, any kind. */
  public DeviceFilter(Optional<CustomerId> customerId, Optional<DeviceState> state) {
    this(customerId, state, Optional.empty());
  }

  public static DeviceFilter any() {
    return new DeviceFilter(Optional.empty(), Optional.empty(), Optional.empty());
  }

  public boolean matches(DeviceData device) {
    return customerId.map(device.customerId()::equals).orElse(true)
        && state.map(device.state()::equals).orElse(true)
        && kind.map(device.kind()::equals).orElse(true);
  }
}
