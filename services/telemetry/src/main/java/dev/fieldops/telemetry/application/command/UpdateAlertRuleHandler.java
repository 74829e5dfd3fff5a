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
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Revises a rule. A new condition takes effect with the next reading: the evaluators start the
 * rule's state over but keep treating a still-open alert as breached, so it clears when the new
 * condition is not met. Once the revision is committed ({@link AfterCommit}), disabling a rule
 * clears its open alerts in a second transaction.
 */
public final class UpdateAlertRuleHandler implements CommandHandler<UpdateAlertRule, AlertRule> {

  private final AlertRuleRepository rules;
  private final RuleBook ruleBook;
  private final AlertRepository alerts;
  private final EvaluationRunner runner;
  private final Clock clock;
  private final Supplier<UUID> ids;
  private final AfterCommit afterCommit;

  /**
   * @param afterCommit runs what follows the revision once it is committed
   */
  public UpdateAlertRuleHandler(
      AlertRuleRepository rules,
      RuleBook ruleBook,
      AlertRepository alerts,
      EvaluationRunner runner,
      Clock clock,
      Supplier<UUID> ids,
      AfterCommit afterCommit) {
    this.rules = Objects.requireNonNull(rules, "rules");
    this.ruleBook = Objects.requireNonNull(ruleBook, "ruleBook");
    this.alerts = Objects.requireNonNull(alerts, "alerts");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = Objects.requireNonNull(ids, "ids");
    this.afterCommit = Objects.requireNonNull(afterCommit, "afterCommit");
  }

  /**
   * @throws NotFoundException {@code ALERT_RULE_NOT_FOUND}, also for another customer's rule
   * @throws dev.fieldops.kernel.ConcurrencyConflictException {@code ETAG_MISMATCH}
   * @throws dev.fieldops.kernel.InvalidInputException {@code INVALID_ALERT_RULE}
   */
  @Override
  public AlertRule handle(UpdateAlertRule command) {
    var updated = revise(command);
    afterCommit.run(
        () -> {
          ruleBook.invalidate();
          if (!updated.enabled()) {
            runner.clearOpenAlerts(
                () -> alerts.findOpenByRule(command.ruleId()), ClearCause.RULE_DISABLED);
          }
        });
    return updated;
  }

  private AlertRule revise(UpdateAlertRule command) {
    var id = command.ruleId();
    var scope =
        TelemetryAccess.toManage(command.principal())
            .orElseThrow(() -> NotFoundException.of("alert_rule", id.toString()));
    var now = clock.instant();
    return rules.update(
        id,
        scope,
        rule -> {
          command.expectedVersion().requireCurrent(rule.version(), "alert_rule", id.toString());
          return rule.revise(command.revision(), now);
        });
  }
}
