package dev.fieldops.telemetry.application.query;

import dev.fieldops.telemetry.domain.rule.AlertRuleFilter;
import dev.fieldops.telemetry.domain.shared.PageRequest;

public record ListAlertRules(AlertRuleFilter filter, PageRequest page) {}
