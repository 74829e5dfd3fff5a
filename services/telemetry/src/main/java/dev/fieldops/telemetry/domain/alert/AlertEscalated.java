package dev.fieldops.telemetry.domain.alert;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.time.Instant;
import java.util.UUID;

/**
 * A WARNING alert became CRITICAL ({@code telemetry.alert.escalated}): its condition went beyond
 * the rule's critical level, or it stayed ACTIVE longer than the rule's escalation delay; {@code
 * cause} says which.
 *
 * @param summary the alert's one-line description ({@link AlertSummary}), as written when it was
 *     raised
 * @param value the alert's measure at the escalation: the value beyond the critical level, or the
 *     alert's last value for a time-based escalation
 * @param observeTime when that value was observed
 */
public record AlertEscalated(
    UUID eventId,
    Instant occurTime,
    AlertId alertId,
    long aggregateVersion,
    CustomerId customerId,
    DeviceId deviceId,
    AlertRuleId ruleId,
    String summary,
    Severity previousSeverity,
    Severity severity,
    EscalationCause cause,
    double value,
    Instant observeTime)
    implements AlertEvent {}
