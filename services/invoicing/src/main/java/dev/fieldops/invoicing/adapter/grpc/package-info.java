/**
 * The published gRPC API of invoicing, {@code fieldops.invoicing.v1.InvoicingService}: protobuf
 * requests become commands and queries, handler results become protobuf responses, and nothing else
 * happens here. Requests that carry a {@code request_id} run through the platform's idempotent
 * commands; page cursors are signed into page tokens bound to the list's filters and the caller's
 * scope. {@link dev.fieldops.invoicing.adapter.grpc.InvoicingMethodPolicy} is the one place that
 * says who may call which method.
 */
package dev.fieldops.invoicing.adapter.grpc;
