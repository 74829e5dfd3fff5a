/**
 * What every invoicing use case shares: who may do what ({@link
 * dev.fieldops.invoicing.application.shared.InvoicingAccess}). Handlers depend on it; it depends on
 * no handler, so the application's packages stay free of cycles.
 */
package dev.fieldops.invoicing.application.shared;
