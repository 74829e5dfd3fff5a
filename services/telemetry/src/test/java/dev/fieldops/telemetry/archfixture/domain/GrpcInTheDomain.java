package dev.fieldops.telemetry.archfixture.domain;

import io.grpc.Status;

/** Breaks domain purity with a gRPC type. */
public final class GrpcInTheDomain {
  public Status reject() {
    return Status.FAILED_PRECONDITION;
  }
}
