package dev.fieldops.invoicing.domain.invoice;

/**
 * Where an invoice is in its life: {@code DRAFT → ISSUED → PAID} and {@code ISSUED → VOID}. PAID
 * and VOID are final. Being overdue is not a status but a flag on an ISSUED (or later PAID)
 * invoice.
 */
public enum InvoiceStatus {
  /** Being prepared: lines may be added and removed; no number yet. */
  DRAFT,
  /** Sent to the customer: numbered, totals frozen, due at a known time; accepts payments. */
  ISSUED,
  /** Fully paid. */
  PAID,
  /** Cancelled after issue, before any payment; keeps its number (the series stays gapless). */
  VOID
}
