package dev.fieldops.telemetry.domain.alert;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Optional conditions of an alert listing; the access scope is applied on top.
 *
 * @param states the states to include; empty means all
 */
public record AlertFilter(
    Optional<CustomerId> customerId,
    Optional<DeviceId> deviceId,
    Optional<AlertRuleId> ruleId,
    Set<AlertState> states,
    Optional<Severity> severity) {

  public AlertFilter {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(ruleId, "ruleId");
    states = Set.copyOf(states);
    Objects.requireNonNull(severity, "severity");
  }

  public static AlertFilter any() {
    return new AlertFilter(
        Optional.empty(), Optional.empty(), Optional.empty(), Set.of(), Optional.empty());
  }

  public boolean matches(AlertData alert) {
    return customerId.map(alert.customerId()::equals).orElse(true)
        && deviceId.map(alert.deviceId()::equals).orElse(true)
        && ruleId.map(alert.ruleId()::equals).orElse(true)
        && (states.isEmpty() || states.contains(alert.state()))
        && severity.map(alert.severity()::equals).orElse(true);
  }
}
