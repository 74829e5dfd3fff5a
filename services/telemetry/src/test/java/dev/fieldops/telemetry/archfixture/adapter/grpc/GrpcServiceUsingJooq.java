package dev.fieldops.telemetry.archfixture.adapter.grpc;

import org.jooq.DSLContext;

/** Breaks "the gRPC adapter does not use jOOQ": it should call handlers, not the database. */
public final class GrpcServiceUsingJooq {
  private DSLContext dsl;

  public boolean queriesDirectly() {
    return dsl != null;
  }
}
