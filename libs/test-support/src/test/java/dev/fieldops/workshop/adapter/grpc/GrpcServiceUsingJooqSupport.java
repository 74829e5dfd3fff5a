package dev.fieldops.workshop.adapter.grpc;

import dev.fieldops.jooq.fixture.JooqSupportType;

/** Breaks the gRPC rule on the jOOQ platform library: the transport reaches into it. */
public final class GrpcServiceUsingJooqSupport {

  public void page(JooqSupportType tokens) {}
}
