package dev.fieldops.telemetry.domain.device;

import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.time.Instant;
import java.util.UUID;

/** A device was taken out of service ({@code telemetry.device.decommissioned}). */
public record DeviceDecommissioned(
    UUID eventId,
    Instant occurTime,
    DeviceId deviceId,
    long aggregateVersion,
    CustomerId customerId)
    implements DeviceEvent {

  @Override
  public String aggregateType() {
    return "device";
  }
}
