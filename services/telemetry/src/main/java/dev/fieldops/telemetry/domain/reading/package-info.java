/**
 * Readings: what a device observed, when. Ingest is a hot, batched path, so a bad reading is never
 * an error for the whole batch: each one is accepted or rejected with a named reason, and rejects
 * are counted. The store port is shaped for bulk writes (COPY, multi-row inserts) and for the two
 * ways readings are read back: raw points and per-bucket aggregates.
 */
package dev.fieldops.telemetry.domain.reading;
