package dev.fieldops.telemetry.domain.device;

import dev.fieldops.telemetry.domain.shared.DomainEvent;

/**
 * Events about a device: its registration and decommissioning (aggregate type {@code device}) and
 * the temperature changes it reports by exception (aggregate type {@code device_temperature}).
 */
public sealed interface DeviceEvent extends DomainEvent
    permits DeviceRegistered, DeviceDecommissioned, TemperatureChanged {

  DeviceId deviceId();

  @Override
  default String aggregateId() {
    return deviceId().toString();
  }
}
