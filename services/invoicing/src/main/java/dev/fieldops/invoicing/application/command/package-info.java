/**
 * Commands that change invoicing data: a record per use case (carrying the acting principal) and
 * its handler. A handler authorizes, then changes one aggregate through its repository's {@code
 * update} (or several ports inside one {@code UnitOfWork}), so every change and its events commit
 * together. Request idempotency ({@code request_id}) is the transport's business, recorded in the
 * same transaction by the adapter; handlers need not know about it.
 */
package dev.fieldops.invoicing.application.command;
