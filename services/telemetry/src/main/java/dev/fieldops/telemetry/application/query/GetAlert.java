package dev.fieldops.telemetry.application.query;

import dev.fieldops.telemetry.domain.alert.AlertId;

public record GetAlert(AlertId alertId) {}
