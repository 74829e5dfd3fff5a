package dev.fieldops.telemetry.application.query;

import dev.fieldops.kernel.Principal;
import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.util.Objects;
import java.util.Optional;

/** Which alert changes to stream. */
public record WatchAlerts(
    Principal principal,
    Optional<CustomerId> customerId,
    Optional<DeviceId> deviceId,
    Optional<Severity> severity) {

  public WatchAlerts {
    Objects.requireNonNull(principal, "principal");
  }
}
