package dev.fieldops.telemetry.application.command;

import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.Principal;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;
import java.util.Objects;

/** Delete a rule; with an etag, only if it is still at that version. */
public record DeleteAlertRule(
    Principal principal, AlertRuleId ruleId, ExpectedVersion expectedVersion) {

  public DeleteAlertRule {
    Objects.requireNonNull(principal, "principal");
  }
}
