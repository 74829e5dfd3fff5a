package dev.fieldops.telemetry.application.query;

import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.telemetry.application.shared.TelemetryAccess;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.AlertRuleRepository;
import java.util.Objects;

public final class GetAlertRuleHandler {

  private final AlertRuleRepository rules;

  public GetAlertRuleHandler(AlertRuleRepository rules) {
    this.rules = Objects.requireNonNull(rules, "rules");
  }

  /**
   * @throws NotFoundException {@code ALERT_RULE_NOT_FOUND}, also for a rule the caller may not see
   */
  public AlertRule handle(GetAlertRule query) {
    var id = query.ruleId();
    return TelemetryAccess.toRulesAndAlerts(query.principal())
        .flatMap(scope -> rules.findById(id, scope))
        .orElseThrow(() -> NotFoundException.of("alert_rule", id.toString()));
  }
}
