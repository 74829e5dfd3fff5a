package dev.fieldops.telemetry.application.query;

import dev.fieldops.telemetry.domain.rule.AlertRuleId;

public record GetAlertRule(AlertRuleId ruleId) {}
