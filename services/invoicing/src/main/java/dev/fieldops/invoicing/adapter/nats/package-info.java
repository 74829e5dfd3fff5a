/**
 * Invoicing's side of NATS. Outbound: domain events become the published messages of {@code
 * invoicing_events.proto} and outbox rows, written by the repositories in the transaction of the
 * change; the platform's relay publishes them, so a broker outage can never fail an invoice.
 * Inbound: consumers of other contexts' streams (resolved tickets, device registrations) translate
 * each event into an application command, run through the platform's inbox so that a redelivered or
 * republished event has its effect once.
 */
package dev.fieldops.invoicing.adapter.nats;
