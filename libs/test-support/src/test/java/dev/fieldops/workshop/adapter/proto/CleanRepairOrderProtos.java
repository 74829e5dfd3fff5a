package dev.fieldops.workshop.adapter.proto;

import dev.fieldops.workshop.domain.CleanRepairOrder;
import dev.fieldops.workshop.v1.RepairOrderMessage;

/** Keeps every rule: the wire translation the other adapters share. */
public final class CleanRepairOrderProtos {

  public String id(RepairOrderMessage message) {
    return message.getOrderId();
  }

  public String id(CleanRepairOrder order) {
    return order.id();
  }
}
