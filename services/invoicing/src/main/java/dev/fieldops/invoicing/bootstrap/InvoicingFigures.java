package dev.fieldops.invoicing.bootstrap;

import dev.fieldops.invoicing.adapter.postgres.JooqInvoiceFigures;
import dev.fieldops.invoicing.domain.invoice.InvoiceStatus;
import dev.fieldops.runtime.CountedFigures;
import dev.fieldops.runtime.PeriodicJob;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Invoicing's figures for operators, counted by a periodic job ({@link CountedFigures}):
 *
 * <table>
 *   <caption>Meters (Prometheus names)</caption>
 *   <tr><td>{@code fieldops_invoicing_invoices{status}}</td><td>invoices in each status now
 *       (gauge)</td></tr>
 *   <tr><td>{@code fieldops_invoicing_invoices_issued_total}</td><td>invoices issued so far
 *       (counter)</td></tr>
 *   <tr><td>{@code fieldops_invoicing_invoices_overdue}</td><td>issued invoices past due and unpaid
 *       now (gauge)</td></tr>
 * </table>
 */
final class InvoicingFigures implements Runnable {

  /** The name of the counting job. */
  static final String JOB = "invoicing-figures";

  private final JooqInvoiceFigures invoices;
  private final CountedFigures.PerValue<InvoiceStatus> byStatus;
  private final AtomicLong issued;
  private final AtomicLong overdue;

  InvoicingFigures(MeterRegistry registry, JooqInvoiceFigures invoices) {
    this.invoices = invoices;
    var figures = new CountedFigures(registry);
    byStatus =
        figures.gaugePerValue(
            "fieldops.invoicing.invoices",
            "Invoices in each status (counted periodically)",
            "status",
            EnumSet.allOf(InvoiceStatus.class));
    issued =
        figures.total(
            "fieldops.invoicing.invoices.issued",
            "Invoices issued so far (counted periodically)",
            Tags.empty());
    overdue =
        figures.gauge(
            "fieldops.invoicing.invoices.overdue",
            "Issued invoices past their due time and unpaid (counted periodically)",
            Tags.empty());
  }

  PeriodicJob job(Map<String, String> env) {
    return CountedFigures.job(JOB, env, this);
  }

  @Override
  public void run() {
    var counted = invoices.count();
    byStatus.set(counted.byStatus());
    issued.set(counted.issued());
    overdue.set(counted.overdue());
  }
}
