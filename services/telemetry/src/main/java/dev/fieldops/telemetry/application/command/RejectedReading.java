package dev.fieldops.telemetry.application.command;

import dev.fieldops.telemetry.domain.reading.RejectReason;

/** A rejected reading: its position in the batch and why. */
public record RejectedReading(int index, RejectReason reason) {}
