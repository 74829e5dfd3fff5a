/**
 * Devices invoicing bills monitoring for. Telemetry owns devices; invoicing keeps only what billing
 * needs (whose device, when it entered and left service) so that a monthly charge can be recorded
 * without a call to telemetry, and a month is billed for exactly the devices active in it.
 */
package dev.fieldops.invoicing.domain.device;
