package dev.fieldops.telemetry.application.command;

import dev.fieldops.kernel.AfterCommit;
import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.telemetry.application.evaluation.EvaluationRunner;
import dev.fieldops.telemetry.application.shared.TelemetryAccess;
import dev.fieldops.telemetry.domain.alert.AlertRepository;
import dev.fieldops.telemetry.domain.alert.ClearCause;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.AlertRuleRepository;
import dev.fieldops.telemetry.domain.rule.RuleBook;
import java.util.Objects;

/**
 * Deletes a rule and clears its open alerts; returns the rule as it was. The alerts are cleared
 * once the deletion is committed ({@link AfterCommit}), in a second transaction.
 */
public final class DeleteAlertRuleHandler implements CommandHandler<DeleteAlertRule, AlertRule> {

  private final AlertRuleRepository rules;
  private final RuleBook ruleBook;
  private final AlertRepository alerts;
  private final EvaluationRunner runner;
  private final AfterCommit afterCommit;

  /**
   * @param afterCommit runs what follows the deletion once it is committed
   */
  public DeleteAlertRuleHandler(
      AlertRuleRepository rules,
      RuleBook ruleBook,
      AlertRepository alerts,
      EvaluationRunner runner,
      AfterCommit afterCommit) {
    this.rules = Objects.requireNonNull(rules, "rules");
    this.ruleBook = Objects.requireNonNull(ruleBook, "ruleBook");
    this.alerts = Objects.requireNonNull(alerts, "alerts");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.afterCommit = Objects.requireNonNull(afterCommit, "afterCommit");
  }

  /**
   * @throws NotFoundException {@code ALERT_RULE_NOT_FOUND}, also for another customer's rule
   * @throws dev.fieldops.kernel.ConcurrencyConflictException {@code ETAG_MISMATCH}
   */
  @Override
  public AlertRule handle(DeleteAlertRule command) {
    var deleted = delete(command);
    afterCommit.run(
        () -> {
          ruleBook.invalidate();
          runner.clearOpenAlerts(
              () -> alerts.findOpenByRule(command.ruleId()), ClearCause.RULE_DELETED);
        });
    return deleted;
  }

  private AlertRule delete(DeleteAlertRule command) {
    var id = command.ruleId();
    var scope =
        TelemetryAccess.toManage(command.principal())
            .orElseThrow(() -> NotFoundException.of("alert_rule", id.toString()));
    return rules.delete(
        id,
        scope,
        rule ->
            command.expectedVersion().requireCurrent(rule.version(), "alert_rule", id.toString()));
  }
}
