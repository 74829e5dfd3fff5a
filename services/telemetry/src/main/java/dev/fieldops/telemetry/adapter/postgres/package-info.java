/**
 * The telemetry context's PostgreSQL store, in jOOQ: one class per port, each writing its
 * aggregate, its outbox rows and nothing else inside the caller's transaction (or one of its own).
 * Object-level visibility is part of every query ({@code WHERE customer_id = :scope}), so another
 * customer's row is simply not found. Readings are the hot path: they are written in bulk through
 * COPY and partitioned by day, which also makes retention a matter of dropping old partitions.
 */
package dev.fieldops.telemetry.adapter.postgres;
