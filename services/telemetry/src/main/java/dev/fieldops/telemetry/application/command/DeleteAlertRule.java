package dev.fieldops.telemetry.application.command;

import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;

/** Delete a rule; with an etag, only if it is still at that version. */
public record DeleteAlertRule(AlertRuleId ruleId, ExpectedVersion expectedVersion) {}
