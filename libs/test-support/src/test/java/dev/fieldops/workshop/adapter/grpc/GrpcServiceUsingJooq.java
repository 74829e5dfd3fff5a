package dev.fieldops.workshop.adapter.grpc;

import org.jooq.DSLContext;

/** Breaks the gRPC rule: the transport writes SQL. */
public final class GrpcServiceUsingJooq {

  public void open(DSLContext database) {}
}
