package dev.fieldops.workshop.domain;

import io.grpc.Status;

/** Breaks the domain allow-list: a gRPC type in the domain. */
public final class RepairOrderUsingGrpc {

  public Status status() {
    return Status.OK;
  }
}
