/**
 * The invoice aggregate and its rules: how a draft collects lines, how totals and tax are rounded
 * (once per line, once per tax rate, half-even), how issuing freezes an invoice and draws its
 * number, and how payments, voiding and the overdue flag move it on. Everything that can be decided
 * without a database is decided here; the ports ({@link
 * dev.fieldops.invoicing.domain.invoice.InvoiceRepository}, {@link
 * dev.fieldops.invoicing.domain.invoice.InvoiceQueries}) only load, lock, store and search.
 */
package dev.fieldops.invoicing.domain.invoice;
