/**
 * Commands that change invoicing data: a record per use case (carrying the acting principal) and
 * its handler. Each handler is a {@code CommandHandler}: it authorizes, then changes its aggregates
 * through their repositories, which join the one transaction the transaction decorator opens around
 * the command ({@code InvoicingApplication} applies it), so every change and its events commit
 * together. Request idempotency ({@code request_id}) is the transport's business, recorded in the
 * same transaction by the adapter; handlers need not know about it.
 */
package dev.fieldops.invoicing.application.command;
