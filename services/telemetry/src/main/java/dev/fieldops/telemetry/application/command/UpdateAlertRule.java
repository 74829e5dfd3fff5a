package dev.fieldops.telemetry.application.command;

import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;

/**
 * Change the fields of a rule that the revision names (the transport maps its update mask to the
 * revision's present fields).
 */
public record UpdateAlertRule(
    AlertRuleId ruleId, ExpectedVersion expectedVersion, AlertRule.Revision revision) {}
