package dev.fieldops.telemetry.application.command;

import dev.fieldops.kernel.IdempotentCommand;
import dev.fieldops.kernel.Principal;
import dev.fieldops.telemetry.domain.device.DeviceKind;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.util.Objects;
import java.util.Optional;

/** Register a device to a customer; an empty deadband means the default (0.5 °C). */
public record RegisterDevice(
    Principal principal,
    CustomerId customerId,
    String displayName,
    String location,
    DeviceKind kind,
    Optional<Double> deadbandCelsius)
    implements IdempotentCommand {

  public RegisterDevice {
    Objects.requireNonNull(principal, "principal");
  }
}
