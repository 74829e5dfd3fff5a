/**
 * Invoicing's side of NATS: domain events become the published messages of {@code
 * invoicing_events.proto} and outbox rows, written by the repositories in the transaction of the
 * change. The relay of the platform publishes them; this package never talks to NATS itself, so a
 * broker outage can never fail an invoice.
 */
package dev.fieldops.invoicing.adapter.nats;
