package dev.fieldops.workshop.adapter.grpc;

import dev.fieldops.workshop.adapter.postgres.CleanRepairOrderRepository;

/** Breaks the gRPC rule and the adapters-apart rule: the transport calls the repository. */
public final class GrpcServiceUsingThePostgresAdapter {

  public void open(CleanRepairOrderRepository repository) {}
}
