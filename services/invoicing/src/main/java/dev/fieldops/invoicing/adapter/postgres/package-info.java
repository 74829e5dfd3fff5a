/**
 * The PostgreSQL side of the ports, written with jOOQ over classes generated from this service's
 * Flyway scripts. Every repository write only joins the transaction that the owner of the unit of
 * work opened on the thread (the command's transaction decorator, an event consumer's inbox
 * transaction) and fails without one, so an aggregate, its outbox rows and the idempotency record
 * commit together; reads and the queries use {@code Transactor.read}, in that transaction when one
 * is open. Object-level access is part of each query's {@code WHERE}, never a check after loading,
 * so another customer's invoice is simply not found.
 */
package dev.fieldops.invoicing.adapter.postgres;
