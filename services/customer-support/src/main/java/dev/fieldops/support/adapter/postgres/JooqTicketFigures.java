package dev.fieldops.support.adapter.postgres;

import static dev.fieldops.support.adapter.postgres.jooq.Tables.TICKET;

import java.util.HashMap;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * What an operator watches about tickets, counted in one grouped query over {@code ticket}: how
 * many there are in each status and how many SLA targets have been breached so far (a ticket
 * breaches at most two: first response and resolution). Run by a periodic job, never per scrape.
 */
public final class JooqTicketFigures {

  /**
   * @param byStatus tickets per status name; statuses without tickets absent
   * @param slaBreaches SLA targets breached, ever: only grows
   */
  public record TicketFigures(Map<String, Long> byStatus, long slaBreaches) {}

  private final DSLContext dsl;

  public JooqTicketFigures(DSLContext dsl) {
    this.dsl = dsl;
  }

  public TicketFigures count() {
    var breachedFirstResponse = DSL.count().filterWhere(TICKET.SLA_FIRST_RESPONSE_BREACHED);
    var breachedResolution = DSL.count().filterWhere(TICKET.SLA_RESOLUTION_BREACHED);
    var byStatus = new HashMap<String, Long>();
    long breaches = 0;
    for (var row :
        dsl.select(TICKET.STATUS, DSL.count(), breachedFirstResponse, breachedResolution)
            .from(TICKET)
            .groupBy(TICKET.STATUS)
            .fetch()) {
      byStatus.put(row.value1(), row.value2().longValue());
      breaches += row.value3() + row.value4();
    }
    return new TicketFigures(Map.copyOf(byStatus), breaches);
  }
}
