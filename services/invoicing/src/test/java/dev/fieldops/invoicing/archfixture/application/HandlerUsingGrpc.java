package dev.fieldops.invoicing.archfixture.application;

/** Violates the application's independence from infrastructure: gRPC statuses in a handler. */
public final class HandlerUsingGrpc {
  public RuntimeException notFound() {
    return io.grpc.Status.NOT_FOUND.asRuntimeException();
  }
}
