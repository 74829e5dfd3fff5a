package dev.fieldops.telemetry.application.query;

import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.telemetry.domain.alert.AlertFilter;

public record ListAlerts(AlertFilter filter, PageRequest page) {}
