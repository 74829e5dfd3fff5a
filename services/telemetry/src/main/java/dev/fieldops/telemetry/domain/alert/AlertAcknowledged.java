package dev.fieldops.telemetry.domain.alert;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.time.Instant;
import java.util.UUID;

/**
 * Someone took note of an active alert ({@code telemetry.alert.acknowledged}).
 *
 * @param note what they wrote; empty when nothing
 */
public record AlertAcknowledged(
    UUID eventId,
    Instant occurTime,
    AlertId alertId,
    long aggregateVersion,
    CustomerId customerId,
    DeviceId deviceId,
    AlertRuleId ruleId,
    String acknowledgedBy,
    String note)
    implements AlertEvent {}
