package dev.fieldops.workshop.adapter.postgres.jooq;

import dev.fieldops.workshop.adapter.postgres.jooq.tables.RepairOrderTable;

/**
 * Stands for the jOOQ generator's table list: it and the tables it lists know each other, a cycle
 * inside generated code that the no-cycle rule leaves alone.
 */
public final class Tables {

  public static final RepairOrderTable REPAIR_ORDER = new RepairOrderTable();

  private Tables() {}
}
