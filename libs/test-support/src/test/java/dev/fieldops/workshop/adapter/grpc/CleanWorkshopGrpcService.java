package dev.fieldops.workshop.adapter.grpc;

import dev.fieldops.workshop.adapter.proto.CleanRepairOrderProtos;
import dev.fieldops.workshop.application.CleanOpenRepairOrderHandler;
import dev.fieldops.workshop.v1.RepairOrderMessage;
import io.grpc.Status;

/** Keeps every rule: gRPC, the contract, the shared translation and the application. */
public final class CleanWorkshopGrpcService {

  private final CleanOpenRepairOrderHandler handler;
  private final CleanRepairOrderProtos protos = new CleanRepairOrderProtos();

  public CleanWorkshopGrpcService(CleanOpenRepairOrderHandler handler) {
    this.handler = handler;
  }

  public Status open(RepairOrderMessage request) {
    return protos.id(request).isEmpty() || handler == null ? Status.INVALID_ARGUMENT : Status.OK;
  }
}
