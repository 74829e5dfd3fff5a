package dev.fieldops.telemetry.application.command;

import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.telemetry.domain.device.DeviceId;

/** Take a device out of service; with an etag, only if the device is still at that version. */
public record DecommissionDevice(DeviceId deviceId, ExpectedVersion expectedVersion) {}
