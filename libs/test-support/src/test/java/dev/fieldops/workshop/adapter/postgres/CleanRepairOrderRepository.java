package dev.fieldops.workshop.adapter.postgres;

import dev.fieldops.jooq.fixture.JooqSupportType;
import dev.fieldops.workshop.adapter.postgres.jooq.Tables;
import dev.fieldops.workshop.domain.CleanRepairOrder;
import org.jooq.DSLContext;

/** Keeps every rule: jOOQ, the jOOQ platform library, the generated schema and the domain. */
public final class CleanRepairOrderRepository {

  private final DSLContext database;
  private final JooqSupportType transactor;

  public CleanRepairOrderRepository(DSLContext database, JooqSupportType transactor) {
    this.database = database;
    this.transactor = transactor;
  }

  public String table(CleanRepairOrder order) {
    return Tables.REPAIR_ORDER.name() + order.id() + database + transactor;
  }
}
