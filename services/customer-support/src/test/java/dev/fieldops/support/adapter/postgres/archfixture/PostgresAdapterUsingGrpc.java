package dev.fieldops.support.adapter.postgres.archfixture;

import io.grpc.Status;

/** Breaks the adapter split: the database adapter deciding a transport status. */
public class PostgresAdapterUsingGrpc {
  public Status missing() {
    return Status.NOT_FOUND;
  }
}
