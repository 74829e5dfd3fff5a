package dev.fieldops.telemetry.application.query;

import dev.fieldops.telemetry.domain.device.DeviceFilter;
import dev.fieldops.telemetry.domain.shared.PageRequest;

public record ListDevices(DeviceFilter filter, PageRequest page) {}
