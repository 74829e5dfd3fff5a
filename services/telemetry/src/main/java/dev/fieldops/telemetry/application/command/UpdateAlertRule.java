package dev.fieldops.telemetry.application.command;

import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.Principal;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;
import java.util.Objects;

/**
 * Change the fields of a rule that the revision names (the transport maps its update mask to the
 * revision's present fields).
 */
public record UpdateAlertRule(
    Principal principal,
    AlertRuleId ruleId,
    ExpectedVersion expectedVersion,
    AlertRule.Revision revision) {

  public UpdateAlertRule {
    Objects.requireNonNull(principal, "principal");
  }
}
