package dev.fieldops.telemetry.domain.rule;

/** The kinds of {@link Condition}, as named in the API. */
public enum ConditionKind {
  THRESHOLD,
  RATE_OF_CHANGE,
  SUSTAINED,
  NO_DATA
}
