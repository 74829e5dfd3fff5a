package dev.fieldops.telemetry.domain.device;

/** What a device watches over. */
public enum DeviceKind {
  COLD_ROOM,
  FREEZER,
  FRIDGE,
  SERVER_ROOM,
  OTHER
}
