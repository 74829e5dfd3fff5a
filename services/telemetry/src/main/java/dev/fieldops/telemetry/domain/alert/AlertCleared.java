package dev.fieldops.telemetry.domain.alert;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;
import dev.fieldops.telemetry.domain.rule.ConditionKind;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.time.Instant;
import java.util.OptionalDouble;
import java.util.UUID;

/**
 * An open alert ended ({@code telemetry.alert.cleared}), acknowledged or not. It carries what the
 * alert came to while it was open, so that whoever hears it can report on the alert as a whole.
 *
 * @param conditionKind the kind of the rule's condition; a NO_DATA alert has no measured values
 * @param acknowledged whether someone acknowledged the alert before it ended
 * @param firstBreachTime when the breach that raised the alert was observed
 * @param peakValue the worst measure while the alert was open
 * @param lastValue the latest breaching measure
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
    ConditionKind conditionKind,
    boolean acknowledged,
    Instant firstBreachTime,
    double peakValue,
    double lastValue,
    OptionalDouble clearValue,
    Instant observeTime)
    implements AlertEvent {}
