package dev.fieldops.telemetry.domain.alert;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.time.Instant;
import java.util.OptionalDouble;
import java.util.UUID;

/**
 * An open alert ended ({@code telemetry.alert.cleared}), acknowledged or not.
 *
 * @param clearValue the measure that ended the condition; empty when the cause is not the condition
 *     (rule removed, device decommissioned)
 * @param observeTime when the end was observed (server time for causes other than the condition)
 */
public record AlertCleared(
    UUID eventId,
    Instant occurTime,
    AlertId alertId,
    long aggregateVersion,
    CustomerId customerId,
    DeviceId deviceId,
    AlertRuleId ruleId,
    ClearCause cause,
    Severity severity,
    double peakValue,
    OptionalDouble clearValue,
    Instant observeTime)
    implements AlertEvent {}
