package dev.fieldops.telemetry.domain.evaluation;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.evaluation.RuleStateSnapshot.WindowPoint;
import dev.fieldops.telemetry.domain.reading.Reading;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;
import dev.fieldops.telemetry.domain.rule.Condition;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * RATE_OF_CHANGE: the spread (max minus min) of the values observed in {@code [t - window, t]}.
 * Max-min rather than first-vs-last, so that a spike and its return within the window count. The
 * two monotonic queues keep each reading O(1) amortised, whatever the window holds.
 */
final class RateOfChangeEvaluation extends RuleState {

  private final Deque<WindowPoint> maxCandidates;
  private final Deque<WindowPoint> minCandidates;

  private RateOfChangeEvaluation(
      AlertRuleId ruleId,
      long ruleVersion,
      boolean breached,
      boolean escalated,
      Deque<WindowPoint> maxCandidates,
      Deque<WindowPoint> minCandidates) {
    super(ruleId, ruleVersion, breached, escalated);
    this.maxCandidates = maxCandidates;
    this.minCandidates = minCandidates;
  }

  static RateOfChangeEvaluation empty(AlertRuleId ruleId, long ruleVersion) {
    return new RateOfChangeEvaluation(
        ruleId, ruleVersion, false, false, new ArrayDeque<>(), new ArrayDeque<>());
  }

  static RateOfChangeEvaluation restore(RuleStateSnapshot.RateOfChangeState snapshot) {
    return new RateOfChangeEvaluation(
        snapshot.ruleId(),
        snapshot.ruleVersion(),
        snapshot.breached(),
        snapshot.escalated(),
        new ArrayDeque<>(snapshot.maxCandidates()),
        new ArrayDeque<>(snapshot.minCandidates()));
  }

  @Override
  boolean fitsCondition(Condition condition) {
    return condition instanceof Condition.RateOfChange;
  }

  @Override
  Optional<RuleOutcome> onReading(DeviceId device, Reading reading, AlertRule rule) {
    var rate = (Condition.RateOfChange) rule.condition();
    var point = new WindowPoint(reading.observeTime(), reading.value());
    while (!maxCandidates.isEmpty() && maxCandidates.peekLast().value() <= point.value()) {
      maxCandidates.pollLast();
    }
    maxCandidates.addLast(point);
    while (!minCandidates.isEmpty() && minCandidates.peekLast().value() >= point.value()) {
      minCandidates.pollLast();
    }
    minCandidates.addLast(point);
    Instant windowStart = reading.observeTime().minus(rate.window());
    evictBefore(maxCandidates, windowStart);
    evictBefore(minCandidates, windowStart);

    double spread = maxCandidates.peekFirst().value() - minCandidates.peekFirst().value();
    boolean beyondCritical =
        rate.criticalDelta().isPresent() && spread > rate.criticalDelta().getAsDouble();
    if (!breached) {
      return spread > rate.maxDelta()
          ? start(device, rule, reading.observeTime(), spread, beyondCritical)
          : Optional.empty();
    }
    if (spread <= rate.maxDelta()) {
      return clear(device, reading.observeTime(), spread);
    }
    return continueBreach(device, reading.observeTime(), spread, beyondCritical);
  }

  private static void evictBefore(Deque<WindowPoint> queue, Instant windowStart) {
    while (queue.peekFirst().observeTime().isBefore(windowStart)) {
      queue.pollFirst();
    }
  }

  @Override
  RuleStateSnapshot snapshot() {
    return new RuleStateSnapshot.RateOfChangeState(
        ruleId,
        ruleVersion,
        breached,
        escalated,
        List.copyOf(maxCandidates),
        List.copyOf(minCandidates));
  }
}
