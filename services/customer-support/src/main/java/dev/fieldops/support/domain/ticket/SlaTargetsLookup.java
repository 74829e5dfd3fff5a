package dev.fieldops.support.domain.ticket;

import dev.fieldops.support.domain.customer.SupportTier;

/**
 * Where a ticket gets its SLA targets from: the configured table of tier × priority ({@code
 * dev.fieldops.support.domain.sla.SlaPolicy}). Declared here so that the ticket needs only this
 * question answered and the policy package may depend on tickets, not the reverse.
 */
@FunctionalInterface
public interface SlaTargetsLookup {

  SlaTargets targetsFor(SupportTier tier, TicketPriority priority);
}
