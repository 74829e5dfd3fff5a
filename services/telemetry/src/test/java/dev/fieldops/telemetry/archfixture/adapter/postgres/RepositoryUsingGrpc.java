package dev.fieldops.telemetry.archfixture.adapter.postgres;

import io.grpc.Status;

/** Breaks "the PostgreSQL adapter does not use gRPC": storage knows nothing of the transport. */
public final class RepositoryUsingGrpc {
  public Status notFound() {
    return Status.NOT_FOUND;
  }
}
