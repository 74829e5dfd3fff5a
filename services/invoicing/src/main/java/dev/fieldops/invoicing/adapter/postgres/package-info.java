/**
 * The PostgreSQL side of the ports, written with jOOQ over classes generated from this service's
 * Flyway scripts. Every repository runs its SQL through the platform's {@code Transactor}, so a
 * call joins the transaction already open on the thread (an idempotent command, a unit of work) and
 * an aggregate, its outbox rows and the idempotency record commit together. Object-level access is
 * part of each query's {@code WHERE}, never a check after loading, so another customer's invoice is
 * simply not found.
 */
package dev.fieldops.invoicing.adapter.postgres;
