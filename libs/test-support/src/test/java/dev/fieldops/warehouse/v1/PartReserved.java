package dev.fieldops.warehouse.v1;

/** Stands for a class generated from another context's contract: the warehouse's events. */
public final class PartReserved {

  public String getPartId() {
    return "part-1";
  }
}
