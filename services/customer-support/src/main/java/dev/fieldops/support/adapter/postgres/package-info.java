/**
 * Support's PostgreSQL store, with jOOQ classes generated from the Flyway scripts. Every write of
 * an aggregate also writes its events to the outbox in the same transaction, and every lookup
 * carries the caller's customer scope in its {@code WHERE} clause, so another customer's row is
 * never loaded, let alone changed. Repositories join the transaction already open on the thread (an
 * idempotent command's), which keeps one RPC on one pooled connection.
 */
package dev.fieldops.support.adapter.postgres;
