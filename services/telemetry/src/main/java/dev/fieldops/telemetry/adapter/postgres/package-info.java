/**
 * The telemetry context's PostgreSQL store, in jOOQ: one class per port, each writing its
 * aggregate, its outbox rows and nothing else inside the caller's transaction: devices and rules
 * only join the command's, while the stores the ingest hot path and the timers write open their own
 * when none is open (see {@code Db}). Object-level visibility is part of every query ({@code WHERE
 * customer_id = :scope}), so another customer's row is simply not found. Readings are the hot path:
 * they are written in bulk through COPY and partitioned by day, which also makes retention a matter
 * of dropping old partitions.
 */
package dev.fieldops.telemetry.adapter.postgres;
