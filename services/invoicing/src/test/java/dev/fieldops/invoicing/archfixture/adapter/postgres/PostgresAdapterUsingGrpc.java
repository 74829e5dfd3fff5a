package dev.fieldops.invoicing.archfixture.adapter.postgres;

/** Violates the persistence adapter's limits: a gRPC status decided in a repository. */
public final class PostgresAdapterUsingGrpc {
  public RuntimeException notFound() {
    return io.grpc.Status.NOT_FOUND.asRuntimeException();
  }
}
