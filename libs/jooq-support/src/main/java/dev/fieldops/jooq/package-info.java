/**
 * The persistence platform every service stands on: a small HikariCP pool with explicit timeouts,
 * Flyway migrations per migration set, a jOOQ {@code DSLContext}, one-transaction-per-use-case with
 * bounded retry and the idempotency store. It exists so that a service's adapters only write
 * queries: how a transaction is opened, joined, retried after a serialization failure, or how a
 * retried request is recognised, is decided once here and behaves the same in every bounded
 * context. Platform libraries ship their migrations under {@code classpath:db/platform/<name>}
 * (never under a service's {@code db/migration}, which Flyway scans recursively) and each set keeps
 * its own schema history table.
 */
package dev.fieldops.jooq;
