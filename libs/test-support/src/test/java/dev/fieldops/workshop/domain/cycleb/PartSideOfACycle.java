package dev.fieldops.workshop.domain.cycleb;

import dev.fieldops.workshop.domain.cyclea.OrderSideOfACycle;

/** Breaks the no-cycle rule together with {@link OrderSideOfACycle}. */
public record PartSideOfACycle(String id) {

  public boolean belongsTo(OrderSideOfACycle order) {
    return order.part().equals(this);
  }
}
