package dev.fieldops.telemetry.domain.evaluation;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.reading.Reading;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;
import dev.fieldops.telemetry.domain.rule.Condition;
import java.util.Optional;

/**
 * THRESHOLD: raise strictly beyond the raise level, clear at or within the clear level; in between
 * a breach simply continues, which is what keeps oscillating values from flapping.
 */
final class ThresholdEvaluation extends RuleState {

  ThresholdEvaluation(AlertRuleId ruleId, long ruleVersion, boolean breached, boolean escalated) {
    super(ruleId, ruleVersion, breached, escalated);
  }

  @Override
  boolean fitsCondition(Condition condition) {
    return condition instanceof Condition.Threshold;
  }

  @Override
  Optional<RuleOutcome> onReading(DeviceId device, Reading reading, AlertRule rule) {
    var threshold = (Condition.Threshold) rule.condition();
    var direction = threshold.direction();
    double value = reading.value();
    boolean beyondCritical =
        threshold.criticalLevel().isPresent()
            && direction.isBeyond(value, threshold.criticalLevel().getAsDouble());
    if (!breached) {
      return direction.isBeyond(value, threshold.raiseLevel())
          ? start(device, rule, reading.observeTime(), value, beyondCritical)
          : Optional.empty();
    }
    if (direction.isBackWithin(value, threshold.clearLevel())) {
      return clear(device, reading.observeTime(), value);
    }
    return continueBreach(device, reading.observeTime(), value, beyondCritical);
  }

  @Override
  RuleStateSnapshot snapshot() {
    return new RuleStateSnapshot.ThresholdState(ruleId, ruleVersion, breached, escalated);
  }
}
