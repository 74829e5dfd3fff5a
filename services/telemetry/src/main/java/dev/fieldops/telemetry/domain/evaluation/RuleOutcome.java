package dev.fieldops.telemetry.domain.evaluation;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;
import dev.fieldops.telemetry.domain.rule.Severity;
import java.time.Instant;
import java.util.Objects;

/**
 * What one reading (or one silence check) meant for one rule of one device. {@link #measure()} is
 * the condition's measure of the breach (see {@link dev.fieldops.telemetry.domain.rule.Condition});
 * {@link #observeTime()} is when it was observed.
 */
public sealed interface RuleOutcome {

  DeviceId deviceId();

  AlertRuleId ruleId();

  Instant observeTime();

  double measure();

  /**
   * The condition became true; {@code severity} is CRITICAL when it started beyond the critical
   * level.
   */
  record BreachStarted(
      DeviceId deviceId, AlertRuleId ruleId, Instant observeTime, double measure, Severity severity)
      implements RuleOutcome {
    public BreachStarted {
      Objects.requireNonNull(severity, "severity");
    }
  }

  /** The condition is still true (the alert's last value and perhaps its peak move). */
  record BreachContinues(DeviceId deviceId, AlertRuleId ruleId, Instant observeTime, double measure)
      implements RuleOutcome {}

  /**
   * The condition, still true, went beyond its critical level for the first time in this breach.
   */
  record BreachEscalated(DeviceId deviceId, AlertRuleId ruleId, Instant observeTime, double measure)
      implements RuleOutcome {}

  /** The condition ended. */
  record ConditionCleared(
      DeviceId deviceId, AlertRuleId ruleId, Instant observeTime, double measure)
      implements RuleOutcome {}
}
