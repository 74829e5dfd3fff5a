package dev.fieldops.telemetry.application.query;

import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.telemetry.domain.rule.AlertRuleFilter;

public record ListAlertRules(AlertRuleFilter filter, PageRequest page) {}
