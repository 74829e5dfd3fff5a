package dev.fieldops.telemetry.domain.rule;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.util.Objects;
import java.util.Optional;

/**
 * Optional conditions of a rule listing; the access scope is applied on top.
 *
 * @param targetDevice only rules that target exactly this device
 */
public record AlertRuleFilter(Optional<CustomerId> customerId, Optional<DeviceId> targetDevice) {

  public AlertRuleFilter {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(targetDevice, "targetDevice");
  }

  public static AlertRuleFilter any() {
    return new AlertRuleFilter(Optional.empty(), Optional.empty());
  }

  public boolean matches(AlertRule rule) {
    return customerId.map(rule.customerId()::equals).orElse(true)
        && targetDevice
            .map(
                d ->
                    rule.target() instanceof RuleTarget.SingleDevice(DeviceId target)
                        && target.equals(d))
            .orElse(true);
  }
}
