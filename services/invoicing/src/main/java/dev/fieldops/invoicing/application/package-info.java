/**
 * Use cases of the invoicing service: one handler per command or query, each deciding who may do it
 * and calling the domain, all built once by {@code InvoicingApplication}, which wraps each command
 * in the transaction decorator the wiring hands it. Authorization lives here in plain Java, because
 * it needs both the caller and the domain's notion of whose data is whose: writes need a billing
 * clerk, an admin or the service itself; reads are confined to one customer for customer callers,
 * by an {@code AccessScope} the ports apply in their queries.
 */
package dev.fieldops.invoicing.application;
