package dev.fieldops.telemetry.domain.rule;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.util.Objects;
import java.util.Optional;

/**
 * Optional conditions of a rule listing; the access scope is applied on top.
 *
 * @param targetDevice only rules that target exactly this device
 * @param watchedDevice only rules that watch this device: its own and customer-wide ones. A
 *     customer-wide rule watches every device of its customer only, so pair this with the device's
 *     {@code customerId}
 */
public record AlertRuleFilter(
    Optional<CustomerId> customerId,
    Optional<DeviceId> targetDevice,
    Optional<DeviceId> watchedDevice) {

  public AlertRuleFilter {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(targetDevice, "targetDevice");
    Objects.requireNonNull(watchedDevice, "watchedDevice");
  }

  /** A filter on customer and exact target device. */
  public AlertRuleFilter(Optional<CustomerId> customerId, Optional<DeviceId> targetDevice) {
    this(customerId, targetDevice, Optional.empty());
  }

  public static AlertRuleFilter any() {
    return new AlertRuleFilter(Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** This filter narrowed to the rules of one customer. */
  public AlertRuleFilter ofCustomer(CustomerId customer) {
    return new AlertRuleFilter(Optional.of(customer), targetDevice, watchedDevice);
  }

  public boolean matches(AlertRule rule) {
    return customerId.map(rule.customerId()::equals).orElse(true)
        && targetDevice
            .map(
                d ->
                    rule.target() instanceof RuleTarget.SingleDevice(DeviceId target)
                        && target.equals(d))
            .orElse(true)
        && watchedDevice.map(d -> rule.target().covers(d)).orElse(true);
  }
}
