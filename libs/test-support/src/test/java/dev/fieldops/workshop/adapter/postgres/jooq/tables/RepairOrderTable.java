package dev.fieldops.workshop.adapter.postgres.jooq.tables;

import dev.fieldops.workshop.adapter.postgres.jooq.Tables;

/** Stands for a generated table class, which points back at the generated table list. */
public final class RepairOrderTable {

  public String name() {
    return this == Tables.REPAIR_ORDER ? "repair_order" : "alias";
  }
}
