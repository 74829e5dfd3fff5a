package dev.fieldops.telemetry.application.query;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.util.Optional;

/** Which alert changes to stream. */
public record WatchAlerts(
    Optional<CustomerId> customerId, Optional<DeviceId> deviceId, Optional<Severity> severity) {}
