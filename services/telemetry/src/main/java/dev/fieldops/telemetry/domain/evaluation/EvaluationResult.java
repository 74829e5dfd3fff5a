package dev.fieldops.telemetry.domain.evaluation;

import java.util.List;

/**
 * What one evaluation pass produced, in observe-time order.
 *
 * @param evaluated readings that advanced the evaluation
 * @param late readings older than the last evaluated one of the same device and metric: kept in the
 *     store, but not evaluated (rules see a stream in observe-time order only)
 * @param duplicates readings with the same observe time as the last evaluated one of the same
 *     device and metric: ignored
 */
public record EvaluationResult(
    List<RuleOutcome> outcomes,
    List<TemperatureChange> temperatureChanges,
    int evaluated,
    int late,
    int duplicates) {

  public EvaluationResult {
    outcomes = List.copyOf(outcomes);
    temperatureChanges = List.copyOf(temperatureChanges);
  }

  public static EvaluationResult empty() {
    return new EvaluationResult(List.of(), List.of(), 0, 0, 0);
  }
}
