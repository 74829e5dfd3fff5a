/**
 * Unbilled charges: billable things other contexts caused (support minutes on a resolved ticket, a
 * month of monitoring for a device), recorded here until they become lines of a draft invoice. A
 * charge's source reference makes recording it idempotent (events arrive more than once); billing
 * it sets the invoice it went onto, and the port that claims charges for a draft guarantees that a
 * charge is billed once even when two drafts are made at the same moment. The {@link
 * dev.fieldops.invoicing.domain.charge.PriceList} turns minutes and device-months into money.
 */
package dev.fieldops.invoicing.domain.charge;
