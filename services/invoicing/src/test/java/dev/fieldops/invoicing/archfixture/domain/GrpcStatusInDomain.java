package dev.fieldops.invoicing.archfixture.domain;

/** Violates domain purity: a gRPC type in the domain. */
public final class GrpcStatusInDomain {
  public io.grpc.Status.Code reject() {
    return io.grpc.Status.Code.FAILED_PRECONDITION;
  }
}
