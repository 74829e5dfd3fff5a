/**
 * The ticket: one customer problem tracked from first report to closure, with its conversation, its
 * human number and its SLA clock. Everything that must stay consistent inside one ticket — the
 * state machine, the first response, pausing and breaching the clock, the version that makes
 * concurrent updates safe — is decided by {@link dev.fieldops.support.domain.ticket.Ticket} itself,
 * so that no adapter or handler can get it wrong. The SLA clock lives here rather than in the
 * {@code sla} package because it is part of the ticket's state; {@code sla} only holds the
 * configured table of targets and depends on this package, not the other way round.
 */
package dev.fieldops.support.domain.ticket;
