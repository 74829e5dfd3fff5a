/**
 * Support's PostgreSQL store, with jOOQ classes generated from the Flyway scripts. Every write of
 * an aggregate also writes its events to the outbox in the same transaction, and every lookup
 * carries the caller's customer scope in its {@code WHERE} clause, so another customer's row is
 * never loaded, let alone changed. Repositories only join the transaction that the owner of the
 * unit of work opened (the command's transaction decorator, an event consumer's inbox transaction)
 * and fail without one; that keeps one RPC on one pooled connection. Queries read in the open
 * transaction when there is one and otherwise as single auto-committed statements.
 */
package dev.fieldops.support.adapter.postgres;
