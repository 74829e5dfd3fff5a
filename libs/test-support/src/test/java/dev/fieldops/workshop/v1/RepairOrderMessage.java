package dev.fieldops.workshop.v1;

/** Stands for a class generated from the workshop's own contract (its published language). */
public final class RepairOrderMessage {

  public String getOrderId() {
    return "order-1";
  }
}
