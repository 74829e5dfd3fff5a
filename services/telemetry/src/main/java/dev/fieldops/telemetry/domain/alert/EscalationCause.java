package dev.fieldops.telemetry.domain.alert;

/** Why a WARNING alert became CRITICAL. */
public enum EscalationCause {
  /** The breach went beyond the critical level the rule's condition names (value-based). */
  CRITICAL_LEVEL,
  /**
   * The alert stayed ACTIVE (neither acknowledged nor cleared) for the rule's escalation delay
   * (time-based).
   */
  ACTIVE_TOO_LONG
}
