package dev.fieldops.telemetry.domain.device;

/** Where a device is in its life: it reports while ACTIVE and never again once DECOMMISSIONED. */
public enum DeviceState {
  ACTIVE,
  DECOMMISSIONED
}
