package dev.fieldops.invoicing.adapter.postgres;

import static dev.fieldops.invoicing.adapter.postgres.jooq.Tables.INVOICE;

import dev.fieldops.jooq.Transactor;
import java.util.HashMap;
import java.util.Map;
import org.jooq.impl.DSL;

/**
 * What an operator watches about invoices, counted in one grouped query over {@code invoice}: how
 * many there are in each status, how many have ever been issued (every status but DRAFT) and how
 * many are overdue now (issued, unpaid, flagged by the overdue scan). Run by a periodic job, never
 * per scrape.
 */
public final class JooqInvoiceFigures {

  /**
   * @param byStatus invoices per status name; statuses without invoices absent
   * @param issued invoices ever issued (paid and voided ones included): only grows
   * @param overdue issued invoices past their due time and still unpaid
   */
  public record InvoiceFigures(Map<String, Long> byStatus, long issued, long overdue) {}

  private final Transactor transactor;

  public JooqInvoiceFigures(Transactor transactor) {
    this.transactor = transactor;
  }

  public InvoiceFigures count() {
    var issued = DSL.count().filterWhere(INVOICE.ISSUE_TIME.isNotNull());
    var overdue =
        DSL.count().filterWhere(INVOICE.STATUS.eq("ISSUED").and(INVOICE.OVERDUE_TIME.isNotNull()));
    return transactor.read(
        tx -> {
          var byStatus = new HashMap<String, Long>();
          long issuedTotal = 0;
          long overdueNow = 0;
          for (var row :
              tx.select(INVOICE.STATUS, DSL.count(), issued, overdue)
                  .from(INVOICE)
                  .groupBy(INVOICE.STATUS)
                  .fetch()) {
            byStatus.put(row.value1(), row.value2().longValue());
            issuedTotal += row.value3();
            overdueNow += row.value4();
          }
          return new InvoiceFigures(Map.copyOf(byStatus), issuedTotal, overdueNow);
        });
  }
}
