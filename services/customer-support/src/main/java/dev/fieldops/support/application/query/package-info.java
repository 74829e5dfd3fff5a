/**
 * The read side: what callers see of tickets and support profiles, and the query ports adapters
 * answer. Reads go straight to read models rather than through aggregates, so that lists are one
 * query with keyset pagination and object-level scoping in its {@code WHERE} clause. Views are
 * computed here from stored state and the current time (an SLA target can be late now even before
 * the scheduler has recorded the breach), so every adapter shows the same thing.
 */
package dev.fieldops.support.application.query;
