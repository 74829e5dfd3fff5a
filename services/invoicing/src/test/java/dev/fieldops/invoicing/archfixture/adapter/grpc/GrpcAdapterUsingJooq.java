package dev.fieldops.invoicing.archfixture.adapter.grpc;

/** Violates the transport adapter's limits: SQL straight from a gRPC handler. */
public final class GrpcAdapterUsingJooq {
  public int issue(org.jooq.DSLContext database) {
    return database.execute("update invoice set status = 'ISSUED'");
  }
}
