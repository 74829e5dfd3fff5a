package dev.fieldops.support.bootstrap;

import dev.fieldops.runtime.CountedFigures;
import dev.fieldops.runtime.PeriodicJob;
import dev.fieldops.support.adapter.postgres.JooqTicketFigures;
import dev.fieldops.support.domain.ticket.TicketStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Support's figures for operators, counted by a periodic job ({@link CountedFigures}):
 *
 * <table>
 *   <caption>Meters (Prometheus names)</caption>
 *   <tr><td>{@code fieldops_support_tickets{status}}</td><td>tickets in each status now
 *       (gauge)</td></tr>
 *   <tr><td>{@code fieldops_support_sla_breaches_total}</td><td>SLA targets (first response,
 *       resolution) breached so far (counter)</td></tr>
 * </table>
 */
final class SupportFigures implements Runnable {

  /** The name of the counting job. */
  static final String JOB = "support-figures";

  private final JooqTicketFigures tickets;
  private final CountedFigures.PerValue<TicketStatus> byStatus;
  private final AtomicLong slaBreaches;

  SupportFigures(MeterRegistry registry, JooqTicketFigures tickets) {
    this.tickets = tickets;
    var figures = new CountedFigures(registry);
    byStatus =
        figures.gaugePerValue(
            "fieldops.support.tickets",
            "Tickets in each status (counted periodically)",
            "status",
            EnumSet.allOf(TicketStatus.class));
    slaBreaches =
        figures.total(
            "fieldops.support.sla.breaches",
            "SLA targets breached so far, first response and resolution (counted periodically)",
            Tags.empty());
  }

  PeriodicJob job(Map<String, String> env) {
    return CountedFigures.job(JOB, env, this);
  }

  @Override
  public void run() {
    var counted = tickets.count();
    byStatus.set(counted.byStatus());
    slaBreaches.set(counted.slaBreaches());
  }
}
