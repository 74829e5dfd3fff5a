package dev.fieldops.telemetry.domain.device;

import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.time.Instant;
import java.util.UUID;

/** A device was registered to a customer ({@code telemetry.device.registered}). */
public record DeviceRegistered(
    UUID eventId,
    Instant occurTime,
    DeviceId deviceId,
    long aggregateVersion,
    CustomerId customerId,
    String displayName,
    String location,
    DeviceKind kind,
    double deadbandCelsius)
    implements DeviceEvent {

  @Override
  public String aggregateType() {
    return "device";
  }
}
