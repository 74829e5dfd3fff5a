package dev.fieldops.support.application.archfixture;

import io.grpc.StatusRuntimeException;

/** Breaks the layering: a handler throwing transport errors instead of domain errors. */
public class HandlerUsingGrpc {
  public void handle() {
    throw io.grpc.Status.NOT_FOUND.asRuntimeException();
  }

  public Class<?> thrown() {
    return StatusRuntimeException.class;
  }
}
