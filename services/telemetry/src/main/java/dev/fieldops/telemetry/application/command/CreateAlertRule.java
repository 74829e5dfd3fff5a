package dev.fieldops.telemetry.application.command;

import dev.fieldops.kernel.IdempotentCommand;
import dev.fieldops.kernel.Principal;
import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.domain.rule.Condition;
import dev.fieldops.telemetry.domain.rule.RuleTarget;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Create a rule for one device or all devices of a customer.
 *
 * @param displayName blank: the rule is named after its metric and condition ({@link
 *     dev.fieldops.telemetry.domain.rule.RuleNames})
 * @param escalateAfter how long its alerts may stay ACTIVE before they escalate to CRITICAL; empty
 *     means never by time
 */
public record CreateAlertRule(
    Principal principal,
    CustomerId customerId,
    RuleTarget target,
    String displayName,
    Metric metric,
    Severity severity,
    Optional<Duration> escalateAfter,
    boolean enabled,
    Condition condition)
    implements IdempotentCommand {

  public CreateAlertRule {
    Objects.requireNonNull(principal, "principal");
  }

  /** A rule that never escalates by time. */
  public CreateAlertRule(
      Principal principal,
      CustomerId customerId,
      RuleTarget target,
      String displayName,
      Metric metric,
      Severity severity,
      boolean enabled,
      Condition condition) {
    this(
        principal,
        customerId,
        target,
        displayName,
        metric,
        severity,
        Optional.empty(),
        enabled,
        condition);
  }
}
