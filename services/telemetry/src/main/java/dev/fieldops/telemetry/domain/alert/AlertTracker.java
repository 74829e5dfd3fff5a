package dev.fieldops.telemetry.domain.alert;

import dev.fieldops.kernel.Stamp;
import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.device.DeviceProfile;
import dev.fieldops.telemetry.domain.evaluation.RuleOutcome;
import dev.fieldops.telemetry.domain.evaluation.RuleOutcome.BreachContinues;
import dev.fieldops.telemetry.domain.evaluation.RuleOutcome.BreachEscalated;
import dev.fieldops.telemetry.domain.evaluation.RuleOutcome.BreachStarted;
import dev.fieldops.telemetry.domain.evaluation.RuleOutcome.ConditionCleared;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;
import dev.fieldops.telemetry.domain.rule.Severity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Predicate;

/**
 * Applies rule outcomes to alerts for one evaluation pass, keeping "one open alert per (device,
 * rule)": a breach with an open alert updates it, one without raises a new alert, an escalation
 * escalates it, the end of a condition clears it. It tolerates outcomes that do not match the
 * alerts (a breach continuing with no open alert raises one, a clear with none is ignored), so that
 * evaluator state and stored alerts converge after a restart or a failed save.
 */
public final class AlertTracker {

  private final Map<AlertKey, Alert> open = new HashMap<>();
  private final Map<AlertId, Alert> touched = new LinkedHashMap<>();
  private final Stamp stamp;

  /** Starts from the open alerts of the devices this pass evaluates. */
  public AlertTracker(Collection<Alert> openAlerts, Stamp stamp) {
    this.stamp = stamp;
    for (Alert alert : openAlerts) {
      if (alert.state().isOpen()) {
        open.put(alert.key(), alert);
      }
    }
  }

  /** The severity of each open alert of the device, by rule: what the evaluator reconciles with. */
  public Map<AlertRuleId, Severity> openAlertsOf(DeviceId device) {
    var result = new HashMap<AlertRuleId, Severity>();
    open.forEach(
        (key, alert) -> {
          if (key.deviceId().equals(device)) {
            result.put(key.ruleId(), alert.severity());
          }
        });
    return result;
  }

  /** Applies one outcome of {@code rule} on {@code device}. */
  public void apply(RuleOutcome outcome, DeviceProfile device, AlertRule rule) {
    if (!outcome.ruleId().equals(rule.id()) || !outcome.deviceId().equals(device.id())) {
      throw new IllegalArgumentException(
          "outcome " + outcome + " is not about " + rule.id() + " on " + device.id());
    }
    var key = new AlertKey(device.id(), rule.id());
    var existing = open.get(key);
    switch (outcome) {
      case BreachStarted started -> {
        if (existing == null) {
          raise(key, device, rule, started.severity(), started);
        } else if (started.severity() == Severity.CRITICAL) {
          touch(existing).escalate(started.measure(), started.observeTime(), stamp);
        } else {
          touch(existing).recordBreach(started.measure(), started.observeTime(), stamp.now());
        }
      }
      case BreachContinues continues -> {
        if (existing == null) {
          raise(key, device, rule, rule.severity(), continues);
        } else {
          touch(existing).recordBreach(continues.measure(), continues.observeTime(), stamp.now());
        }
      }
      case BreachEscalated escalated -> {
        if (existing == null) {
          raise(key, device, rule, Severity.CRITICAL, escalated);
        } else {
          touch(existing).escalate(escalated.measure(), escalated.observeTime(), stamp);
        }
      }
      case ConditionCleared cleared -> {
        if (existing != null) {
          touch(existing)
              .clear(
                  ClearCause.CONDITION_ENDED,
                  OptionalDouble.of(cleared.measure()),
                  cleared.observeTime(),
                  stamp);
          open.remove(key);
        }
      }
    }
  }

  /**
   * Clears every open alert this tracker holds that matches, for a cause other than the condition.
   */
  public void clearAll(Predicate<AlertData> which, ClearCause cause) {
    var iterator = open.values().iterator();
    while (iterator.hasNext()) {
      var alert = iterator.next();
      if (which.test(alert.data())) {
        touch(alert).clear(cause, OptionalDouble.empty(), stamp.now(), stamp);
        iterator.remove();
      }
    }
  }

  /**
   * The changes of every alert touched since the last call, in the order they were first touched.
   */
  public List<AlertChange> pullChanges() {
    var changes = new ArrayList<AlertChange>();
    for (Alert alert : touched.values()) {
      if (alert.hasChanges()) {
        changes.add(alert.pullChange());
      }
    }
    touched.clear();
    return changes;
  }

  private void raise(
      AlertKey key, DeviceProfile device, AlertRule rule, Severity severity, RuleOutcome outcome) {
    var alert =
        Alert.raise(device, rule, severity, outcome.measure(), outcome.observeTime(), stamp);
    open.put(key, alert);
    touch(alert);
  }

  private Alert touch(Alert alert) {
    touched.putIfAbsent(alert.id(), alert);
    return alert;
  }
}
