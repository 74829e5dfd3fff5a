package dev.fieldops.telemetry.application.command;

import dev.fieldops.telemetry.domain.alert.AlertId;
import java.util.Optional;

/** Take note of an active alert; with an etag, only if it is still at that version. */
public record AcknowledgeAlert(AlertId alertId, Optional<String> etag) {}
