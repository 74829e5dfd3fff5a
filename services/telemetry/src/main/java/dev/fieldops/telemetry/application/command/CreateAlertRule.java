package dev.fieldops.telemetry.application.command;

import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.domain.rule.Condition;
import dev.fieldops.telemetry.domain.rule.RuleTarget;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.time.Duration;
import java.util.Optional;

/**
 * Create a rule for one device or all devices of a customer.
 *
 * @param escalateAfter how long its alerts may stay ACTIVE before they escalate to CRITICAL; empty
 *     means never by time
 */
public record CreateAlertRule(
    CustomerId customerId,
    RuleTarget target,
    String displayName,
    Metric metric,
    Severity severity,
    Optional<Duration> escalateAfter,
    boolean enabled,
    Condition condition) {

  /** A rule that never escalates by time. */
  public CreateAlertRule(
      CustomerId customerId,
      RuleTarget target,
      String displayName,
      Metric metric,
      Severity severity,
      boolean enabled,
      Condition condition) {
    this(
        customerId, target, displayName, metric, severity, Optional.empty(), enabled, condition);
  }
}
