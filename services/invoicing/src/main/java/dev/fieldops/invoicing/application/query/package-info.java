/**
 * Read use cases: a record per query (carrying the acting principal) and its handler. Handlers turn
 * the principal into an {@code AccessScope} and pass it down, so a customer's query never even
 * reaches another customer's rows; what it may not see is {@code NOT_FOUND} or absent from a list,
 * exactly as if it did not exist.
 */
package dev.fieldops.invoicing.application.query;
