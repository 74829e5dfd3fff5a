package dev.fieldops.telemetry.domain.evaluation;

import dev.fieldops.telemetry.domain.device.DeviceId;
import java.time.Instant;
import java.util.OptionalDouble;

/**
 * A temperature worth reporting: the first one of a device, or one that moved by more than the
 * device's deadband from the last reported value.
 */
public record TemperatureChange(
    DeviceId deviceId, double valueCelsius, OptionalDouble previousValue, Instant observeTime) {}
