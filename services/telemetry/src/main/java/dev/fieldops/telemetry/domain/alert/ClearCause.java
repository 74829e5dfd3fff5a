package dev.fieldops.telemetry.domain.alert;

/** Why an alert was cleared. */
public enum ClearCause {
  /** The rule's condition ended. */
  CONDITION_ENDED,
  /** The rule was disabled, so nobody watches the condition any more. */
  RULE_DISABLED,
  /** The rule was deleted. */
  RULE_DELETED,
  /** The device was decommissioned. */
  DEVICE_DECOMMISSIONED
}
