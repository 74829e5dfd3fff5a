/**
 * What every telemetry use case shares: who may do what ({@link
 * dev.fieldops.telemetry.application.shared.TelemetryAccess}). Handlers depend on it; it depends on
 * no handler, so the application's packages stay free of cycles.
 */
package dev.fieldops.telemetry.application.shared;
