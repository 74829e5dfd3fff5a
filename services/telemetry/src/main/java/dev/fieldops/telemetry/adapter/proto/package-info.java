/**
 * Translation between domain values and the published protobuf contract that both outward-facing
 * adapters need: the gRPC API and the events on NATS speak the same enums, timestamps and
 * durations, and must never disagree about them.
 */
package dev.fieldops.telemetry.adapter.proto;
