package dev.fieldops.support.domain.archfixture;

import io.grpc.Status;

/** Breaks domain purity: knows the transport's status codes. */
public class DomainClassUsingGrpc {
  public Status refuse() {
    return Status.FAILED_PRECONDITION;
  }
}
