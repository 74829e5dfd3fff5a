package dev.fieldops.telemetry.application.query;

import dev.fieldops.telemetry.domain.device.DeviceId;

public record GetDevice(DeviceId deviceId) {}
