package dev.fieldops.invoicing.adapter.postgres;

import static dev.fieldops.invoicing.adapter.postgres.jooq.Tables.INVOICE;
import static dev.fieldops.invoicing.adapter.postgres.jooq.Tables.PAYMENT;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.when;

import dev.fieldops.invoicing.adapter.postgres.jooq.tables.records.InvoiceRecord;
import dev.fieldops.invoicing.adapter.postgres.jooq.tables.records.PaymentRecord;
import dev.fieldops.invoicing.domain.customer.AccessScope;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.invoice.CustomerBalance;
import dev.fieldops.invoicing.domain.invoice.InvoiceFilter;
import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.invoicing.domain.invoice.InvoiceQueries;
import dev.fieldops.invoicing.domain.invoice.InvoiceSnapshot;
import dev.fieldops.invoicing.domain.invoice.InvoiceStatus;
import dev.fieldops.invoicing.domain.invoice.Payment;
import dev.fieldops.invoicing.domain.money.CurrencyCode;
import dev.fieldops.invoicing.domain.money.Money;
import dev.fieldops.jooq.PageLimit;
import dev.fieldops.jooq.Transactor;
import dev.fieldops.kernel.paging.Page;
import dev.fieldops.kernel.paging.PageRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.Field;

/**
 * The query side of invoices. Lists are keyset-paged: invoices newest first by id (UUIDv7, so by
 * creation), payments by their recording position; the cursor is the last key returned. The balance
 * is one {@code SUM/COUNT/MIN ... GROUP BY currency} over the customer's issued invoices.
 */
public final class JooqInvoiceQueries implements InvoiceQueries {

  private final Transactor transactor;

  public JooqInvoiceQueries(Transactor transactor) {
    this.transactor = transactor;
  }

  @Override
  public Optional<InvoiceSnapshot> get(InvoiceId id, AccessScope scope) {
    return transactor.read(tx -> InvoiceRows.load(tx, id, scope).map(InvoiceRows.Loaded::snapshot));
  }

  @Override
  public Page<InvoiceSnapshot> list(InvoiceFilter filter, AccessScope scope, PageRequest page) {
    Condition where = InvoiceRows.inScope(scope);
    if (filter.customerId().isPresent()) {
      where = where.and(INVOICE.CUSTOMER_ID.eq(filter.customerId().get().value()));
    }
    if (filter.status().isPresent()) {
      where = where.and(INVOICE.STATUS.eq(filter.status().get().name()));
    }
    if (filter.issuedFrom().isPresent()) {
      where = where.and(INVOICE.ISSUE_TIME.ge(Times.at(filter.issuedFrom().get())));
    }
    if (filter.issuedBefore().isPresent()) {
      where = where.and(INVOICE.ISSUE_TIME.lt(Times.at(filter.issuedBefore().get())));
    }
    if (filter.overdueOnly()) {
      where =
          where
              .and(INVOICE.STATUS.eq(InvoiceStatus.ISSUED.name()))
              .and(INVOICE.OVERDUE_TIME.isNotNull());
    }
    if (page.afterCursor().isPresent()) {
      where = where.and(INVOICE.INVOICE_ID.lt(Cursors.uuid(page.afterCursor().get())));
    }
    Condition condition = where;
    return transactor.read(
        tx -> {
          List<InvoiceRecord> rows =
              tx.selectFrom(INVOICE)
                  .where(condition)
                  .orderBy(INVOICE.INVOICE_ID.desc())
                  .limit(PageLimit.of(page))
                  .fetch();
          boolean more = rows.size() > page.size();
          List<InvoiceRecord> pageRows = more ? rows.subList(0, page.size()) : rows;
          List<InvoiceSnapshot> invoices = InvoiceRows.loadMany(tx, pageRows);
          return new Page<>(
              invoices, more ? Optional.of(invoices.getLast().id().toString()) : Optional.empty());
        });
  }

  @Override
  public Optional<Page<Payment>> listPayments(InvoiceId id, AccessScope scope, PageRequest page) {
    int after = page.afterCursor().map(Cursors::position).orElse(-1);
    return transactor.read(
        tx -> {
          InvoiceRecord invoice =
              tx.selectFrom(INVOICE)
                  .where(INVOICE.INVOICE_ID.eq(id.value()))
                  .and(InvoiceRows.inScope(scope))
                  .fetchOne();
          if (invoice == null) {
            return Optional.empty();
          }
          CurrencyCode currency = new CurrencyCode(invoice.getCurrencyCode());
          List<PaymentRecord> rows =
              tx.selectFrom(PAYMENT)
                  .where(PAYMENT.INVOICE_ID.eq(id.value()))
                  .and(PAYMENT.POSITION.gt(after))
                  .orderBy(PAYMENT.POSITION)
                  .limit(PageLimit.of(page))
                  .fetch();
          boolean more = rows.size() > page.size();
          List<PaymentRecord> pageRows = more ? rows.subList(0, page.size()) : rows;
          List<Payment> payments = new ArrayList<>(pageRows.size());
          pageRows.forEach(row -> payments.add(InvoiceRows.payment(row, currency)));
          return Optional.of(
              new Page<>(
                  payments,
                  more
                      ? Optional.of(Integer.toString(pageRows.getLast().getPosition()))
                      : Optional.empty()));
        });
  }

  @Override
  public CustomerBalance balanceOf(CustomerId customer, Instant asOf) {
    Field<Long> due = INVOICE.TOTAL_MINOR.minus(INVOICE.AMOUNT_PAID_MINOR);
    Condition pastDue = INVOICE.DUE_TIME.lt(Times.at(asOf));
    Field<BigDecimal> outstanding = sum(due);
    Field<BigDecimal> overdue = sum(when(pastDue, due).otherwise(inline(0L)));
    Field<Integer> open = count();
    Field<Integer> overdueCount = count().filterWhere(pastDue);
    Field<OffsetDateTime> oldestDue = min(INVOICE.DUE_TIME);
    return transactor.read(
        tx -> {
          List<CustomerBalance.CurrencyBalance> balances = new ArrayList<>();
          for (var row :
              tx.select(INVOICE.CURRENCY_CODE, outstanding, overdue, open, overdueCount, oldestDue)
                  .from(INVOICE)
                  .where(INVOICE.CUSTOMER_ID.eq(customer.value()))
                  .and(INVOICE.STATUS.eq(InvoiceStatus.ISSUED.name()))
                  .groupBy(INVOICE.CURRENCY_CODE)
                  .fetch()) {
            CurrencyCode currency = new CurrencyCode(row.value1());
            balances.add(
                new CustomerBalance.CurrencyBalance(
                    currency,
                    Money.ofMinor(currency, row.value2().longValueExact()),
                    Money.ofMinor(currency, row.value3().longValueExact()),
                    row.value4(),
                    row.value5(),
                    Times.instant(row.value6())));
          }
          return new CustomerBalance(customer, asOf, balances);
        });
  }

  @Override
  public List<InvoiceId> overdueCandidates(Instant now, int limit) {
    return transactor.read(
        tx ->
            tx
                .select(INVOICE.INVOICE_ID)
                .from(INVOICE)
                .where(INVOICE.STATUS.eq(InvoiceStatus.ISSUED.name()))
                .and(INVOICE.OVERDUE_TIME.isNull())
                .and(INVOICE.DUE_TIME.lt(Times.at(now)))
                .orderBy(INVOICE.DUE_TIME, INVOICE.INVOICE_ID)
                .limit(limit)
                .fetch(INVOICE.INVOICE_ID)
                .stream()
                .map(InvoiceId::new)
                .toList());
  }
}
