package dev.fieldops.telemetry.application.feed;

import dev.fieldops.telemetry.domain.alert.AlertData;
import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.domain.shared.AccessScope;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.util.Objects;
import java.util.Optional;

/** Which alert changes a watcher receives: its access scope, narrowed by optional conditions. */
public record AlertFeedFilter(
    AccessScope scope,
    Optional<CustomerId> customerId,
    Optional<DeviceId> deviceId,
    Optional<Severity> severity) {

  public AlertFeedFilter {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(severity, "severity");
  }

  public boolean matches(AlertData alert) {
    return scope.includes(alert.customerId())
        && customerId.map(alert.customerId()::equals).orElse(true)
        && deviceId.map(alert.deviceId()::equals).orElse(true)
        && severity.map(alert.severity()::equals).orElse(true);
  }
}
