package dev.fieldops.telemetry.domain.evaluation;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.evaluation.RuleOutcome.BreachContinues;
import dev.fieldops.telemetry.domain.evaluation.RuleOutcome.BreachEscalated;
import dev.fieldops.telemetry.domain.evaluation.RuleOutcome.BreachStarted;
import dev.fieldops.telemetry.domain.evaluation.RuleOutcome.ConditionCleared;
import dev.fieldops.telemetry.domain.reading.Reading;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;
import dev.fieldops.telemetry.domain.rule.Condition;
import dev.fieldops.telemetry.domain.rule.Severity;
import java.time.Instant;
import java.util.Optional;

/**
 * The mutable evaluation state of one rule on one device. Each kind of condition has its own
 * subclass; all share the breach/escalation bookkeeping, so the four kinds emit outcomes the same
 * way.
 */
abstract sealed class RuleState
    permits ThresholdEvaluation, RateOfChangeEvaluation, SustainedEvaluation, NoDataEvaluation {

  final AlertRuleId ruleId;
  final long ruleVersion;
  boolean breached;
  boolean escalated;

  RuleState(AlertRuleId ruleId, long ruleVersion, boolean breached, boolean escalated) {
    this.ruleId = ruleId;
    this.ruleVersion = ruleVersion;
    this.breached = breached;
    this.escalated = escalated;
  }

  /** A fresh state for the rule; {@code lastSeen} is when the rule's metric was last observed. */
  static RuleState fresh(AlertRule rule, Instant lastSeen) {
    return switch (rule.condition()) {
      case Condition.Threshold t ->
          new ThresholdEvaluation(rule.id(), rule.version(), false, false);
      case Condition.RateOfChange r -> RateOfChangeEvaluation.empty(rule.id(), rule.version());
      case Condition.Sustained s ->
          new SustainedEvaluation(rule.id(), rule.version(), false, false, null);
      case Condition.NoData n ->
          new NoDataEvaluation(rule.id(), rule.version(), false, false, lastSeen);
    };
  }

  static RuleState restore(RuleStateSnapshot snapshot) {
    return switch (snapshot) {
      case RuleStateSnapshot.ThresholdState s ->
          new ThresholdEvaluation(s.ruleId(), s.ruleVersion(), s.breached(), s.escalated());
      case RuleStateSnapshot.RateOfChangeState s -> RateOfChangeEvaluation.restore(s);
      case RuleStateSnapshot.SustainedState s ->
          new SustainedEvaluation(
              s.ruleId(),
              s.ruleVersion(),
              s.breached(),
              s.escalated(),
              s.beyondSince().orElse(null));
      case RuleStateSnapshot.NoDataState s ->
          new NoDataEvaluation(
              s.ruleId(), s.ruleVersion(), s.breached(), s.escalated(), s.lastSeen());
    };
  }

  /** Whether this state was built for exactly this version of the rule. */
  final boolean isFor(AlertRule rule) {
    return ruleId.equals(rule.id())
        && ruleVersion == rule.version()
        && fitsCondition(rule.condition());
  }

  abstract boolean fitsCondition(Condition condition);

  /** Feeds an in-order reading of the rule's metric. */
  abstract Optional<RuleOutcome> onReading(DeviceId device, Reading reading, AlertRule rule);

  /** Checks the rule against the passage of server time; only silence cares. */
  Optional<RuleOutcome> onSilenceCheck(DeviceId device, Instant now, AlertRule rule) {
    return Optional.empty();
  }

  /**
   * The rule's metric was observed at {@code observeTime} by readings this state did not see, in
   * passes that changed nothing else of it ({@link DeviceEvaluator#catchUp}); only silence cares.
   */
  void onProgress(Instant observeTime) {}

  abstract RuleStateSnapshot snapshot();

  /**
   * Treat the condition as breached because an alert for it is open (state was lost or the rule
   * changed): the next reading that ends the condition clears that alert.
   */
  final void assumeBreached(boolean alreadyCritical) {
    if (!breached) {
      breached = true;
      escalated = alreadyCritical;
    }
  }

  final Optional<RuleOutcome> start(
      DeviceId device,
      AlertRule rule,
      Instant observeTime,
      double measure,
      boolean beyondCritical) {
    breached = true;
    escalated = beyondCritical;
    var severity = beyondCritical ? Severity.CRITICAL : rule.severity();
    return Optional.of(new BreachStarted(device, ruleId, observeTime, measure, severity));
  }

  final Optional<RuleOutcome> continueBreach(
      DeviceId device, Instant observeTime, double measure, boolean beyondCritical) {
    if (beyondCritical && !escalated) {
      escalated = true;
      return Optional.of(new BreachEscalated(device, ruleId, observeTime, measure));
    }
    return Optional.of(new BreachContinues(device, ruleId, observeTime, measure));
  }

  final Optional<RuleOutcome> clear(DeviceId device, Instant observeTime, double measure) {
    breached = false;
    escalated = false;
    return Optional.of(new ConditionCleared(device, ruleId, observeTime, measure));
  }
}
