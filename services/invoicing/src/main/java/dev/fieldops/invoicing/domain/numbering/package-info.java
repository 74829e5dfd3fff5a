/**
 * Invoice numbers: one gapless, strictly increasing series per calendar year ({@code
 * INV-2026-000001}, {@code INV-2026-000002}, ...). Tax law in many countries wants a gap explained,
 * so a number is drawn only when an invoice is issued, inside the very transaction that issues it:
 * drafts consume nothing and an issue that rolls back returns its number to the series.
 */
package dev.fieldops.invoicing.domain.numbering;
