package dev.fieldops.telemetry.domain.alert;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;
import dev.fieldops.telemetry.domain.rule.ConditionKind;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.time.Instant;
import java.util.UUID;

/**
 * A rule's condition became true on a device and no alert was open for it ({@code
 * telemetry.alert.raised}).
 *
 * @param summary the alert's one-line description ({@link AlertSummary}), as stored with it
 * @param value the condition's measure at the breach
 * @param observeTime when the breach was observed
 */
public record AlertRaised(
    UUID eventId,
    Instant occurTime,
    AlertId alertId,
    long aggregateVersion,
    CustomerId customerId,
    DeviceId deviceId,
    AlertRuleId ruleId,
    String summary,
    Severity severity,
    Metric metric,
    ConditionKind conditionKind,
    double value,
    Instant observeTime)
    implements AlertEvent {}
