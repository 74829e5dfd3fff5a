package dev.fieldops.telemetry.application.query;

import dev.fieldops.telemetry.domain.alert.AlertFilter;
import dev.fieldops.telemetry.domain.shared.PageRequest;

public record ListAlerts(AlertFilter filter, PageRequest page) {}
