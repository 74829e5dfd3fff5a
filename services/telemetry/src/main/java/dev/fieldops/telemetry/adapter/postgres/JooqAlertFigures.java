package dev.fieldops.telemetry.adapter.postgres;

import static dev.fieldops.telemetry.adapter.postgres.jooq.Tables.ALERT;
import static org.jooq.impl.DSL.count;

import java.util.HashMap;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * Open alerts per state (ACTIVE, ACKNOWLEDGED), counted in one grouped query over the partial index
 * of open alerts, for operators' figures. Run by a periodic job, never per scrape.
 */
public final class JooqAlertFigures {

  private final DSLContext dsl;

  public JooqAlertFigures(DSLContext dsl) {
    this.dsl = dsl;
  }

  /** Open alerts per state name; states without alerts absent. */
  public Map<String, Long> openByState() {
    var byState = new HashMap<String, Long>();
    for (var row :
        dsl.select(ALERT.STATE, count())
            .from(ALERT)
            .where(ALERT.STATE.ne("CLEARED"))
            .groupBy(ALERT.STATE)
            .fetch()) {
      byState.put(row.value1(), row.value2().longValue());
    }
    return Map.copyOf(byState);
  }
}
