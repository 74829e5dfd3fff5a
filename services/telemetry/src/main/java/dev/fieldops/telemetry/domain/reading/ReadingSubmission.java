package dev.fieldops.telemetry.domain.reading;

import java.time.Instant;

/**
 * A reading as a client sent it, not yet validated. Fields the client left out are {@code null}:
 * the transport adapter passes through whatever arrived and validation names what is wrong, per
 * reading, instead of failing the batch.
 *
 * @param deviceId the device id text as sent
 * @param metric null when unspecified
 * @param observeTime null when missing
 */
public record ReadingSubmission(
    String deviceId, Metric metric, double value, Instant observeTime) {}
