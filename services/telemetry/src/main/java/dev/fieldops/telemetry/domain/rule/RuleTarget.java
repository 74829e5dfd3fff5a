package dev.fieldops.telemetry.domain.rule;

import dev.fieldops.telemetry.domain.device.DeviceId;
import java.util.Objects;

/** Which devices of the rule's customer a rule watches. */
public sealed interface RuleTarget {

  /** Whether the rule watches this device (given it belongs to the rule's customer). */
  boolean covers(DeviceId device);

  /** One device. */
  record SingleDevice(DeviceId deviceId) implements RuleTarget {
    public SingleDevice {
      Objects.requireNonNull(deviceId, "deviceId");
    }

    @Override
    public boolean covers(DeviceId device) {
      return deviceId.equals(device);
    }
  }

  /** Every device of the customer, present and future. */
  record AllCustomerDevices() implements RuleTarget {
    @Override
    public boolean covers(DeviceId device) {
      return true;
    }
  }
}
