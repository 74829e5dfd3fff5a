package dev.fieldops.invoicing.adapter.postgres;

import static dev.fieldops.invoicing.adapter.postgres.jooq.Tables.INVOICE_NUMBER_COUNTER;

import dev.fieldops.invoicing.domain.numbering.InvoiceNumber;
import dev.fieldops.invoicing.domain.numbering.InvoiceNumberSeries;
import dev.fieldops.jooq.Transactor;
import java.time.Year;
import org.jooq.DSLContext;

/**
 * The gapless series as one counter row per year, drawn with a single statement in the caller's
 * transaction: {@code INSERT ... ON CONFLICT (year) DO UPDATE SET last_sequence = last_sequence + 1
 * RETURNING last_sequence}. The upsert takes the row lock, which is held until the issuing
 * transaction ends: concurrent issues queue on it and get consecutive numbers in commit order, and
 * a rollback returns the number. Never a database sequence, which would leave gaps.
 */
public final class JooqInvoiceNumberSeries implements InvoiceNumberSeries {

  private final Transactor transactor;

  public JooqInvoiceNumberSeries(Transactor transactor) {
    this.transactor = transactor;
  }

  @Override
  public InvoiceNumber next(Year year) {
    DSLContext tx =
        transactor
            .current()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "an invoice number is drawn only inside the transaction that issues the invoice"));
    long sequence =
        tx.insertInto(INVOICE_NUMBER_COUNTER)
            .set(INVOICE_NUMBER_COUNTER.YEAR, year.getValue())
            .set(INVOICE_NUMBER_COUNTER.LAST_SEQUENCE, 1L)
            .onConflict(INVOICE_NUMBER_COUNTER.YEAR)
            .doUpdate()
            .set(
                INVOICE_NUMBER_COUNTER.LAST_SEQUENCE, INVOICE_NUMBER_COUNTER.LAST_SEQUENCE.plus(1L))
            .returningResult(INVOICE_NUMBER_COUNTER.LAST_SEQUENCE)
            .fetchOne()
            .value1();
    return new InvoiceNumber(year, sequence);
  }
}
