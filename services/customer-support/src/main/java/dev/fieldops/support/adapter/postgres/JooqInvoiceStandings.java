package dev.fieldops.support.adapter.postgres;

import static dev.fieldops.support.adapter.postgres.TicketRows.odt;
import static dev.fieldops.support.adapter.postgres.jooq.Tables.INVOICE_STANDING;

import dev.fieldops.jooq.Transactor;
import dev.fieldops.support.application.event.InvoiceStandings;
import dev.fieldops.support.domain.customer.CustomerId;
import java.time.Instant;
import org.jooq.impl.DSL;

/**
 * {@code invoice_standing}, one row per invoice: an upsert per event, in the consumer's
 * transaction. "Settled wins" is in the statements themselves (an overdue notice inserts only when
 * the invoice is unknown).
 */
public final class JooqInvoiceStandings implements InvoiceStandings {

  static final String OVERDUE = "OVERDUE";
  static final String SETTLED = "SETTLED";

  private final Transactor transactor;

  public JooqInvoiceStandings(Transactor transactor) {
    this.transactor = transactor;
  }

  @Override
  public void overdue(CustomerId customerId, String invoiceId, Instant time) {
    transactor.joinedRun(
        tx ->
            tx.insertInto(INVOICE_STANDING)
                .set(INVOICE_STANDING.INVOICE_ID, invoiceId)
                .set(INVOICE_STANDING.CUSTOMER_ID, customerId.value())
                .set(INVOICE_STANDING.STATE, OVERDUE)
                .set(INVOICE_STANDING.OVERDUE_TIME, odt(time))
                .onConflict(INVOICE_STANDING.INVOICE_ID)
                .doUpdate()
                .set(
                    INVOICE_STANDING.OVERDUE_TIME,
                    DSL.coalesce(
                        INVOICE_STANDING.OVERDUE_TIME, DSL.excluded(INVOICE_STANDING.OVERDUE_TIME)))
                .execute());
  }

  @Override
  public void settled(CustomerId customerId, String invoiceId, Instant time) {
    transactor.joinedRun(
        tx ->
            tx.insertInto(INVOICE_STANDING)
                .set(INVOICE_STANDING.INVOICE_ID, invoiceId)
                .set(INVOICE_STANDING.CUSTOMER_ID, customerId.value())
                .set(INVOICE_STANDING.STATE, SETTLED)
                .set(INVOICE_STANDING.SETTLE_TIME, odt(time))
                .onConflict(INVOICE_STANDING.INVOICE_ID)
                .doUpdate()
                .set(INVOICE_STANDING.STATE, SETTLED)
                .set(
                    INVOICE_STANDING.SETTLE_TIME,
                    DSL.coalesce(
                        INVOICE_STANDING.SETTLE_TIME, DSL.excluded(INVOICE_STANDING.SETTLE_TIME)))
                .set(INVOICE_STANDING.UPDATE_TIME, DSL.currentOffsetDateTime())
                .execute());
  }
}
