/**
 * The service-level agreement as configured: which first-response and resolution targets apply to a
 * ticket of a given priority for a customer of a given support tier. It is a value built from
 * configuration, with a documented default table, so the promise made to customers is written down
 * in one place and can change without touching the ticket. The clock that measures a ticket against
 * these targets belongs to the ticket ({@code domain.ticket.SlaClock}).
 */
package dev.fieldops.support.domain.sla;
