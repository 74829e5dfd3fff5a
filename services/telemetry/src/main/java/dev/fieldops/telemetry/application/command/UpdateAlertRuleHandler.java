package dev.fieldops.telemetry.application.command;

import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.Principal;
import dev.fieldops.telemetry.application.shared.TelemetryAccess;
import dev.fieldops.telemetry.application.shared.StampSource;
import dev.fieldops.telemetry.application.evaluation.EvaluationRunner;
import dev.fieldops.telemetry.domain.alert.AlertRepository;
import dev.fieldops.telemetry.domain.alert.ClearCause;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.AlertRuleRepository;
import dev.fieldops.telemetry.domain.rule.RuleBook;
import java.util.Objects;

/**
 * Revises a rule. A new condition takes effect with the next reading: the evaluators start the
 * rule's state over but keep treating a still-open alert as breached, so it clears when the new
 * condition is not met. Disabling a rule clears its open alerts (in a second transaction).
 */
public final class UpdateAlertRuleHandler {

  private final AlertRuleRepository rules;
  private final RuleBook ruleBook;
  private final AlertRepository alerts;
  private final EvaluationRunner runner;
  private final StampSource stamps;

  public UpdateAlertRuleHandler(
      AlertRuleRepository rules,
      RuleBook ruleBook,
      AlertRepository alerts,
      EvaluationRunner runner,
      StampSource stamps) {
    this.rules = Objects.requireNonNull(rules, "rules");
    this.ruleBook = Objects.requireNonNull(ruleBook, "ruleBook");
    this.alerts = Objects.requireNonNull(alerts, "alerts");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.stamps = Objects.requireNonNull(stamps, "stamps");
  }

  /**
   * @throws NotFoundException {@code ALERT_RULE_NOT_FOUND}, also for another customer's rule
   * @throws dev.fieldops.kernel.ConcurrencyConflictException {@code ETAG_MISMATCH}
   * @throws dev.fieldops.kernel.InvalidInputException {@code INVALID_ALERT_RULE}
   */
  public AlertRule handle(Principal principal, UpdateAlertRule command) {
    var id = command.ruleId();
    var scope =
        TelemetryAccess.toManage(principal)
            .orElseThrow(() -> NotFoundException.of("alert_rule", id.toString()));
    var now = stamps.now();
    var updated =
        rules.update(
            id,
            scope,
            rule -> {
              command.expectedVersion().requireCurrent(rule.version(), "alert_rule", id.toString());
              return rule.revise(command.revision(), now);
            });
    ruleBook.invalidate();
    if (!updated.enabled()) {
      runner.clearOpenAlerts(() -> alerts.findOpenByRule(id), ClearCause.RULE_DISABLED);
    }
    return updated;
  }
}
