package dev.fieldops.invoicing.archfixture.adapter.grpc;

/** An adapter: may depend on anything; the inner layers must not depend on it. */
public final class InvoicingGrpcService {}
