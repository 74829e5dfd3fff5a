package dev.fieldops.telemetry.application.query;

import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.telemetry.domain.device.DeviceFilter;

public record ListDevices(DeviceFilter filter, PageRequest page) {}
