package dev.fieldops.telemetry.application.query;

import dev.fieldops.kernel.Principal;
import dev.fieldops.telemetry.application.Access;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.AlertRuleRepository;
import dev.fieldops.telemetry.domain.shared.Page;
import java.util.Objects;

public final class ListAlertRulesHandler {

  private final AlertRuleRepository rules;

  public ListAlertRulesHandler(AlertRuleRepository rules) {
    this.rules = Objects.requireNonNull(rules, "rules");
  }

  public Page<AlertRule> handle(Principal principal, ListAlertRules query) {
    return Access.toRulesAndAlerts(principal)
        .map(scope -> rules.list(query.filter(), scope, query.page()))
        .orElseGet(Page::empty);
  }
}
