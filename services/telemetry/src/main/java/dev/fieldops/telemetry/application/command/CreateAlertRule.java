package dev.fieldops.telemetry.application.command;

import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.domain.rule.Condition;
import dev.fieldops.telemetry.domain.rule.RuleTarget;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.domain.shared.CustomerId;

/** Create a rule for one device or all devices of a customer. */
public record CreateAlertRule(
    CustomerId customerId,
    RuleTarget target,
    String displayName,
    Metric metric,
    Severity severity,
    boolean enabled,
    Condition condition) {}
