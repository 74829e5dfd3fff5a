package dev.fieldops.telemetry.application.query;

import dev.fieldops.kernel.Principal;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;
import java.util.Objects;

public record GetAlertRule(Principal principal, AlertRuleId ruleId) {

  public GetAlertRule {
    Objects.requireNonNull(principal, "principal");
  }
}
