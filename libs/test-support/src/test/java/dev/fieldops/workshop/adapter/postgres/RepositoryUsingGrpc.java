package dev.fieldops.workshop.adapter.postgres;

import io.grpc.Status;

/** Breaks the PostgreSQL rule: storage that knows the transport. */
public final class RepositoryUsingGrpc {

  public Status conflict() {
    return Status.ABORTED;
  }
}
