/**
 * In-memory implementations of every port, for handler and component tests. They behave like the
 * real stores where it matters to callers (scoped queries, optimistic versions, atomic batches,
 * idempotent appends, opaque keyset cursors, events handed to an outbox) and are held to that by
 * the same contract suites as the database adapters.
 */
package dev.fieldops.telemetry.fake;
