package dev.fieldops.telemetry.domain.evaluation;

import static dev.fieldops.telemetry.fixture.ReadingFixtures.minute;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.evaluation.RuleOutcome.BreachContinues;
import dev.fieldops.telemetry.domain.evaluation.RuleOutcome.BreachEscalated;
import dev.fieldops.telemetry.domain.evaluation.RuleOutcome.BreachStarted;
import dev.fieldops.telemetry.domain.evaluation.RuleOutcome.ConditionCleared;
import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.domain.reading.Reading;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.Condition;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.RuleFixtures;
import java.util.ArrayList;
import java.util.List;

/**
 * One device with one rule, fed reading by reading at minutes past T0; each step answers with what
 * the reading meant for the rule, in words: quiet, started WARNING, continues, escalated, cleared.
 */
final class Scenario {

  static final double DEADBAND = 0.5;

  final DeviceId device = DeviceFixtures.freezerOf(DeviceFixtures.ACME).id();
  final AlertRule rule;
  DeviceEvaluator evaluator = DeviceEvaluator.start(device, minute(0));
  RuleOutcome last;

  Scenario(AlertRule rule) {
    this.rule = rule;
  }

  static Scenario warningRule(Condition condition) {
    return new Scenario(ruleOn(condition, Severity.WARNING));
  }

  static Scenario criticalRule(Condition condition) {
    return new Scenario(ruleOn(condition, Severity.CRITICAL));
  }

  private static AlertRule ruleOn(Condition condition, Severity severity) {
    var scenario = DeviceFixtures.freezerOf(DeviceFixtures.ACME);
    return RuleFixtures.onDevice(DeviceFixtures.ACME, scenario.id(), severity, condition);
  }

  /** Feeds a temperature observed {@code minutes} past T0. */
  String at(double minutes, double celsius) {
    return describe(
        evaluate(
            List.of(new Reading(device, Metric.TEMPERATURE_CELSIUS, celsius, minute(minutes)))));
  }

  /**
   * Feeds several temperatures (minute, value, minute, value, ...); answers per reading in order
   * fed.
   */
  List<String> feed(double... minuteValuePairs) {
    var answers = new ArrayList<String>();
    for (int i = 0; i < minuteValuePairs.length; i += 2) {
      answers.add(at(minuteValuePairs[i], minuteValuePairs[i + 1]));
    }
    return answers;
  }

  /** Checks silence at {@code minutes} past T0. */
  String checkAt(double minutes) {
    return describe(evaluator.checkSilence(minute(minutes), List.of(rule)));
  }

  EvaluationResult evaluate(List<Reading> readings) {
    return evaluator.evaluate(readings, List.of(rule), DEADBAND);
  }

  /** Simulates a restart through a checkpoint: the state survives only as its snapshot. */
  void restartFromSnapshot() {
    evaluator = DeviceEvaluator.restore(evaluator.snapshot());
  }

  private String describe(EvaluationResult result) {
    if (result.outcomes().isEmpty()) {
      return "quiet";
    }
    if (result.outcomes().size() > 1) {
      throw new AssertionError("one reading, one rule, at most one outcome: " + result.outcomes());
    }
    last = result.outcomes().getFirst();
    return switch (last) {
      case BreachStarted started -> "started " + started.severity();
      case BreachContinues continues -> "continues";
      case BreachEscalated escalated -> "escalated";
      case ConditionCleared cleared -> "cleared";
    };
  }
}
