/**
 * The telemetry context on NATS: what its domain events look like as the published event messages
 * of {@code telemetry_events.proto}, on which subject each travels, and how it enters the outbox.
 * The repositories call this mapper inside their transactions; the platform's relay publishes.
 */
package dev.fieldops.telemetry.adapter.nats;
