package dev.fieldops.telemetry.domain.alert;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.time.Instant;
import java.util.UUID;

/**
 * A WARNING alert's condition went beyond the rule's critical level: the alert is CRITICAL now
 * ({@code telemetry.alert.escalated}).
 */
public record AlertEscalated(
    UUID eventId,
    Instant occurTime,
    AlertId alertId,
    long aggregateVersion,
    CustomerId customerId,
    DeviceId deviceId,
    AlertRuleId ruleId,
    Severity previousSeverity,
    Severity severity,
    double value,
    Instant observeTime)
    implements AlertEvent {}
