package dev.fieldops.telemetry.domain.rule;

/** How urgent an alert is. A WARNING alert may escalate to CRITICAL; never the other way. */
public enum Severity {
  WARNING,
  CRITICAL
}
