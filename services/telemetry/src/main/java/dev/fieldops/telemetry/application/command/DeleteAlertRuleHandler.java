package dev.fieldops.telemetry.application.command;

import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.Principal;
import dev.fieldops.telemetry.application.shared.TelemetryAccess;
import dev.fieldops.telemetry.application.evaluation.EvaluationRunner;
import dev.fieldops.telemetry.domain.alert.AlertRepository;
import dev.fieldops.telemetry.domain.alert.ClearCause;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.AlertRuleRepository;
import dev.fieldops.telemetry.domain.rule.RuleBook;
import java.util.Objects;

/**
 * Deletes a rule and clears its open alerts (in a second transaction); returns the rule as it was.
 */
public final class DeleteAlertRuleHandler {

  private final AlertRuleRepository rules;
  private final RuleBook ruleBook;
  private final AlertRepository alerts;
  private final EvaluationRunner runner;

  public DeleteAlertRuleHandler(
      AlertRuleRepository rules,
      RuleBook ruleBook,
      AlertRepository alerts,
      EvaluationRunner runner) {
    this.rules = Objects.requireNonNull(rules, "rules");
    this.ruleBook = Objects.requireNonNull(ruleBook, "ruleBook");
    this.alerts = Objects.requireNonNull(alerts, "alerts");
    this.runner = Objects.requireNonNull(runner, "runner");
  }

  /**
   * @throws NotFoundException {@code ALERT_RULE_NOT_FOUND}, also for another customer's rule
   * @throws dev.fieldops.kernel.ConcurrencyConflictException {@code ETAG_MISMATCH}
   */
  public AlertRule handle(Principal principal, DeleteAlertRule command) {
    var id = command.ruleId();
    var scope =
        TelemetryAccess.toManage(principal)
            .orElseThrow(() -> NotFoundException.of("alert_rule", id.toString()));
    var deleted =
        rules.delete(
            id,
            scope,
            rule ->
                command
                    .expectedVersion()
                    .requireCurrent(rule.version(), "alert_rule", id.toString()));
    ruleBook.invalidate();
    runner.clearOpenAlerts(() -> alerts.findOpenByRule(id), ClearCause.RULE_DELETED);
    return deleted;
  }
}
