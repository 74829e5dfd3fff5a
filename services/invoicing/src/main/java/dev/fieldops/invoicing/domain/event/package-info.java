/**
 * What every domain event of this context carries, so the outbox can store, order and publish any
 * of them without knowing which one it is: an event id (the CloudEvents {@code ce-id} and NATS
 * message id), the time it occurred, the aggregate and its version after the change, and the
 * customer concerned.
 */
package dev.fieldops.invoicing.domain.event;
