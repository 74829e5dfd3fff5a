package dev.fieldops.telemetry.domain.evaluation;

import dev.fieldops.telemetry.domain.rule.AlertRuleId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The evaluation state of one rule on one device as plain data. {@code ruleVersion} is the version
 * of the rule the state was built for: restored against a newer version, the state starts over.
 */
public sealed interface RuleStateSnapshot {

  AlertRuleId ruleId();

  long ruleVersion();

  /** Whether the condition is currently breached. */
  boolean breached();

  /** Whether the current breach has gone beyond the critical level. */
  boolean escalated();

  record ThresholdState(AlertRuleId ruleId, long ruleVersion, boolean breached, boolean escalated)
      implements RuleStateSnapshot {}

  /**
   * @param beyondSince observe time of the first reading of the current unbroken run beyond the
   *     level, empty when the last reading was within it
   */
  record SustainedState(
      AlertRuleId ruleId,
      long ruleVersion,
      boolean breached,
      boolean escalated,
      Optional<Instant> beyondSince)
      implements RuleStateSnapshot {
    public SustainedState {
      Objects.requireNonNull(beyondSince, "beyondSince");
    }
  }

  /**
   * The window as two monotonic queues: the readings that can still become the window's maximum
   * (values decreasing) and minimum (values increasing), oldest first. Together they are all the
   * window needs to know.
   */
  record RateOfChangeState(
      AlertRuleId ruleId,
      long ruleVersion,
      boolean breached,
      boolean escalated,
      List<WindowPoint> maxCandidates,
      List<WindowPoint> minCandidates)
      implements RuleStateSnapshot {
    public RateOfChangeState {
      maxCandidates = List.copyOf(maxCandidates);
      minCandidates = List.copyOf(minCandidates);
    }
  }

  /**
   * @param lastSeen observe time of the latest reading of the metric, or when watching began
   */
  record NoDataState(
      AlertRuleId ruleId, long ruleVersion, boolean breached, boolean escalated, Instant lastSeen)
      implements RuleStateSnapshot {
    public NoDataState {
      Objects.requireNonNull(lastSeen, "lastSeen");
    }
  }

  /** One reading inside a rate-of-change window. */
  record WindowPoint(Instant observeTime, double value) {
    public WindowPoint {
      Objects.requireNonNull(observeTime, "observeTime");
    }
  }
}
