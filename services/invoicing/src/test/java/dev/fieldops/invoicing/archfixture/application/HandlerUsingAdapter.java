package dev.fieldops.invoicing.archfixture.application;

import dev.fieldops.invoicing.archfixture.adapter.grpc.InvoicingGrpcService;

/** Violates the dependency direction: a use case depending on the transport adapter. */
public final class HandlerUsingAdapter {
  public InvoicingGrpcService service() {
    return new InvoicingGrpcService();
  }
}
