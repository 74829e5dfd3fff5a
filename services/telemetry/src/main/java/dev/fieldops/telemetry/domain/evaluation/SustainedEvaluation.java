package dev.fieldops.telemetry.domain.evaluation;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.reading.Reading;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;
import dev.fieldops.telemetry.domain.rule.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * SUSTAINED: a run of readings beyond the level starts a timer at the first one's observe time; the
 * breach starts at the first reading of the run that is at least {@code duration} after it. Any
 * reading back within the level ends the run, and clears a breach.
 */
final class SustainedEvaluation extends RuleState {

  private Instant beyondSince;

  SustainedEvaluation(
      AlertRuleId ruleId,
      long ruleVersion,
      boolean breached,
      boolean escalated,
      Instant beyondSince) {
    super(ruleId, ruleVersion, breached, escalated);
    this.beyondSince = beyondSince;
  }

  @Override
  boolean fitsCondition(Condition condition) {
    return condition instanceof Condition.Sustained;
  }

  @Override
  Optional<RuleOutcome> onReading(DeviceId device, Reading reading, AlertRule rule) {
    var sustained = (Condition.Sustained) rule.condition();
    var direction = sustained.direction();
    double value = reading.value();
    var observeTime = reading.observeTime();
    if (!direction.isBeyond(value, sustained.level())) {
      beyondSince = null;
      return breached ? clear(device, observeTime, value) : Optional.empty();
    }
    if (beyondSince == null) {
      beyondSince = observeTime;
    }
    boolean beyondCritical =
        sustained.criticalLevel().isPresent()
            && direction.isBeyond(value, sustained.criticalLevel().getAsDouble());
    if (breached) {
      return continueBreach(device, observeTime, value, beyondCritical);
    }
    if (Duration.between(beyondSince, observeTime).compareTo(sustained.duration()) >= 0) {
      return start(device, rule, observeTime, value, beyondCritical);
    }
    return Optional.empty();
  }

  @Override
  RuleStateSnapshot snapshot() {
    return new RuleStateSnapshot.SustainedState(
        ruleId, ruleVersion, breached, escalated, Optional.ofNullable(beyondSince));
  }
}
