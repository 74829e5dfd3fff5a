package dev.fieldops.telemetry.domain.alert;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;
import dev.fieldops.telemetry.domain.rule.ConditionKind;
import dev.fieldops.telemetry.domain.rule.PeakDirection;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Every persistent field of an {@link Alert}, as one immutable value: what a repository adapter
 * writes and reads back, and what alert watchers receive.
 *
 * <p>Values are the rule condition's measure (see {@link
 * dev.fieldops.telemetry.domain.rule.Condition}): {@code raiseValue} when raised, {@code peakValue}
 * the worst since (by {@code peakDirection}), {@code lastValue} the latest breaching one. Times
 * named {@code *BreachTime} are observe times; the others are server times.
 *
 * @param summary the one-line description written when the alert was raised ({@link AlertSummary});
 *     never changes
 * @param acknowledgeNote what the person who acknowledged wrote; empty when nothing (or not
 *     acknowledged)
 * @param version 1 when raised, +1 for every saved change; the etag
 */
public record AlertData(
    AlertId id,
    DeviceId deviceId,
    CustomerId customerId,
    AlertRuleId ruleId,
    Metric metric,
    ConditionKind conditionKind,
    PeakDirection peakDirection,
    String summary,
    Severity severity,
    AlertState state,
    double raiseValue,
    double peakValue,
    double lastValue,
    Instant firstBreachTime,
    Instant lastBreachTime,
    Instant raiseTime,
    Optional<Instant> escalateTime,
    Optional<String> acknowledgedBy,
    Optional<Instant> acknowledgeTime,
    String acknowledgeNote,
    Optional<Instant> clearTime,
    Optional<ClearCause> clearCause,
    Instant updateTime,
    long version) {

  public AlertData {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(conditionKind, "conditionKind");
    Objects.requireNonNull(peakDirection, "peakDirection");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(firstBreachTime, "firstBreachTime");
    Objects.requireNonNull(lastBreachTime, "lastBreachTime");
    Objects.requireNonNull(raiseTime, "raiseTime");
    Objects.requireNonNull(escalateTime, "escalateTime");
    Objects.requireNonNull(acknowledgedBy, "acknowledgedBy");
    Objects.requireNonNull(acknowledgeTime, "acknowledgeTime");
    Objects.requireNonNull(acknowledgeNote, "acknowledgeNote");
    Objects.requireNonNull(clearTime, "clearTime");
    Objects.requireNonNull(clearCause, "clearCause");
    Objects.requireNonNull(updateTime, "updateTime");
    if (version < 1) {
      throw new IllegalArgumentException("version starts at 1: " + version);
    }
    if (acknowledgedBy.isPresent() != acknowledgeTime.isPresent()) {
      throw new IllegalArgumentException("who acknowledged and when go together");
    }
    if (acknowledgedBy.isEmpty() && !acknowledgeNote.isEmpty()) {
      throw new IllegalArgumentException("a note goes with an acknowledgement");
    }
    if (state == AlertState.ACKNOWLEDGED && acknowledgedBy.isEmpty()) {
      throw new IllegalArgumentException("an ACKNOWLEDGED alert names who acknowledged it");
    }
    if ((state == AlertState.CLEARED) != clearTime.isPresent()
        || clearTime.isPresent() != clearCause.isPresent()) {
      throw new IllegalArgumentException("clear time and cause go with the CLEARED state");
    }
  }

  public AlertKey key() {
    return new AlertKey(deviceId, ruleId);
  }

  public boolean isOpen() {
    return state.isOpen();
  }
}
