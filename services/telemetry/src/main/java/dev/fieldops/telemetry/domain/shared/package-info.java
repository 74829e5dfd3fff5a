/**
 * Value types every aggregate of the telemetry context shares: the customer a thing belongs to, the
 * visibility scope a query runs under, keyset pages and the base of domain events. They live apart
 * so that devices, rules and alerts can agree on them without depending on each other.
 */
package dev.fieldops.telemetry.domain.shared;
