package dev.fieldops.workshop.domain;

import dev.fieldops.workshop.v1.RepairOrderMessage;

/** Breaks the domain allow-list: the generated contract in the domain. */
public final class RepairOrderUsingTheWireContract {

  public String id(RepairOrderMessage message) {
    return message.getOrderId();
  }
}
