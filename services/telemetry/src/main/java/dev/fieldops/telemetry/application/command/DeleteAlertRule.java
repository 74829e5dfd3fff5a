package dev.fieldops.telemetry.application.command;

import dev.fieldops.telemetry.domain.rule.AlertRuleId;
import java.util.Optional;

/** Delete a rule; with an etag, only if it is still at that version. */
public record DeleteAlertRule(AlertRuleId ruleId, Optional<String> etag) {}
