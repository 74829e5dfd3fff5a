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
 * NO_DATA: silence is server time since the latest observed reading of the metric (or since
 * watching began). A silence check at or past {@code lastSeen + silence} starts the breach, dated
 * at that crossing rather than at the check, so the tick interval does not shift it; later checks
 * continue it (measure: silence in seconds); the next reading clears it.
 */
final class NoDataEvaluation extends RuleState {

  private Instant lastSeen;

  NoDataEvaluation(
      AlertRuleId ruleId, long ruleVersion, boolean breached, boolean escalated, Instant lastSeen) {
    super(ruleId, ruleVersion, breached, escalated);
    this.lastSeen = lastSeen;
  }

  @Override
  boolean fitsCondition(Condition condition) {
    return condition instanceof Condition.NoData;
  }

  @Override
  Optional<RuleOutcome> onReading(DeviceId device, Reading reading, AlertRule rule) {
    var previous = lastSeen;
    if (reading.observeTime().isAfter(lastSeen)) {
      lastSeen = reading.observeTime();
    }
    return breached
        ? clear(
            device,
            reading.observeTime(),
            seconds(Duration.between(previous, reading.observeTime())))
        : Optional.empty();
  }

  @Override
  void onProgress(Instant observeTime) {
    if (observeTime.isAfter(lastSeen)) {
      lastSeen = observeTime;
    }
  }

  @Override
  Optional<RuleOutcome> onSilenceCheck(DeviceId device, Instant now, AlertRule rule) {
    var noData = (Condition.NoData) rule.condition();
    var silence = Duration.between(lastSeen, now);
    boolean beyondCritical =
        noData.criticalSilence().isPresent()
            && silence.compareTo(noData.criticalSilence().get()) >= 0;
    if (!breached) {
      return silence.compareTo(noData.silence()) >= 0
          ? start(device, rule, lastSeen.plus(noData.silence()), seconds(silence), beyondCritical)
          : Optional.empty();
    }
    if (beyondCritical && !escalated) {
      return continueBreach(
          device, lastSeen.plus(noData.criticalSilence().get()), seconds(silence), true);
    }
    return continueBreach(device, now, seconds(silence), beyondCritical);
  }

  private static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }

  @Override
  RuleStateSnapshot snapshot() {
    return new RuleStateSnapshot.NoDataState(ruleId, ruleVersion, breached, escalated, lastSeen);
  }
}
