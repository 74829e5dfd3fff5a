package dev.fieldops.telemetry.domain.device;

import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.UUID;

/**
 * A device's temperature moved by more than its deadband from the last reported value ({@code
 * telemetry.device.temperature_changed}); the first evaluated temperature of a device is always
 * reported. Report by exception: most readings raise nothing.
 *
 * <p>Its ordering partition is the device's temperature track (aggregate type {@code
 * device_temperature}, aggregate id = device id), separate from the device's own lifecycle events.
 * Its {@link #aggregateVersion()} is the observe time in microseconds since the epoch: readings are
 * evaluated in strictly increasing observe time per device and stored with microsecond precision,
 * so the number grows with every change and is the same whichever instance or replay produced it.
 *
 * @param previousValue the value reported last, empty for the first report
 */
public record TemperatureChanged(
    UUID eventId,
    Instant occurTime,
    DeviceId deviceId,
    CustomerId customerId,
    double valueCelsius,
    OptionalDouble previousValue,
    Instant observeTime,
    double deadbandCelsius)
    implements DeviceEvent {

  public TemperatureChanged {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(occurTime, "occurTime");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(previousValue, "previousValue");
    Objects.requireNonNull(observeTime, "observeTime");
  }

  @Override
  public String aggregateType() {
    return "device_temperature";
  }

  @Override
  public long aggregateVersion() {
    return ChronoUnit.MICROS.between(Instant.EPOCH, observeTime);
  }
}
