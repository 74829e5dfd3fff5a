package dev.fieldops.invoicing.adapter.postgres;

import static dev.fieldops.invoicing.adapter.postgres.jooq.Tables.UNBILLED_CHARGE;

import dev.fieldops.invoicing.adapter.postgres.jooq.tables.records.UnbilledChargeRecord;
import dev.fieldops.invoicing.domain.charge.ChargeDetails;
import dev.fieldops.invoicing.domain.charge.ChargeFilter;
import dev.fieldops.invoicing.domain.charge.ChargeId;
import dev.fieldops.invoicing.domain.charge.ChargeKind;
import dev.fieldops.invoicing.domain.charge.ChargeRepository;
import dev.fieldops.invoicing.domain.charge.ChargeSelection;
import dev.fieldops.invoicing.domain.charge.ChargeSnapshot;
import dev.fieldops.invoicing.domain.charge.UnbilledCharge;
import dev.fieldops.invoicing.domain.customer.AccessScope;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.event.DomainEvent;
import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.invoicing.domain.invoice.SourceReference;
import dev.fieldops.invoicing.domain.invoice.TaxRate;
import dev.fieldops.invoicing.domain.money.CurrencyCode;
import dev.fieldops.invoicing.domain.money.Money;
import dev.fieldops.invoicing.domain.money.Quantity;
import dev.fieldops.invoicing.domain.money.QuantityUnit;
import dev.fieldops.jooq.PageLimit;
import dev.fieldops.jooq.Transactor;
import dev.fieldops.kernel.paging.Page;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.nats.outbox.OutboxEncoder;
import dev.fieldops.nats.outbox.OutboxWriter;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.impl.DSL;

/**
 * Charges in PostgreSQL. Recording is {@code INSERT ... ON CONFLICT (source_reference) DO NOTHING},
 * so concurrent recordings of one source store one charge. Claiming selects a customer's unbilled
 * charges {@code FOR UPDATE SKIP LOCKED} and bills them in the same statement: two concurrent
 * drafts never take the same charge, and neither waits for the other. Charges named by the caller
 * are locked {@code FOR UPDATE} in id order (waiting, so the caller learns the other draft's
 * outcome; the order keeps two such drafts from deadlocking) and billed by a second statement.
 */
public final class JooqChargeRepository implements ChargeRepository {

  private final Transactor transactor;
  private final OutboxWriter outbox;
  private final OutboxEncoder<DomainEvent> events;

  public JooqChargeRepository(
      Transactor transactor, OutboxWriter outbox, OutboxEncoder<DomainEvent> events) {
    this.transactor = transactor;
    this.outbox = outbox;
    this.events = events;
  }

  @Override
  public ChargeSnapshot addIfAbsent(UnbilledCharge charge) {
    return transactor.joined(
        tx -> {
          ChargeSnapshot wanted = charge.snapshot();
          int inserted =
              tx.insertInto(UNBILLED_CHARGE)
                  .set(row(tx, wanted))
                  .onConflict(UNBILLED_CHARGE.SOURCE_REFERENCE)
                  .doNothing()
                  .execute();
          if (inserted == 1) {
            outbox.appendAll(tx, events.encodeAll(charge.pullEvents()));
            return wanted;
          }
          // Another transaction recorded this source first (and committed: ON CONFLICT waited for
          // it).
          return snapshot(
              tx.selectFrom(UNBILLED_CHARGE)
                  .where(
                      UNBILLED_CHARGE.SOURCE_REFERENCE.eq(
                          wanted.details().sourceReference().value()))
                  .fetchSingle());
        });
  }

  @Override
  public Optional<ChargeSnapshot> find(ChargeId id, AccessScope scope) {
    return transactor.read(
        tx ->
            tx.selectFrom(UNBILLED_CHARGE)
                .where(UNBILLED_CHARGE.CHARGE_ID.eq(id.value()))
                .and(inScope(scope))
                .fetchOptional()
                .map(JooqChargeRepository::snapshot));
  }

  @Override
  public Page<ChargeSnapshot> listUnbilled(
      ChargeFilter filter, AccessScope scope, PageRequest page) {
    Condition where = UNBILLED_CHARGE.BILLED_INVOICE_ID.isNull().and(inScope(scope));
    if (filter.customerId().isPresent()) {
      where = where.and(UNBILLED_CHARGE.CUSTOMER_ID.eq(filter.customerId().get().value()));
    }
    if (filter.currency().isPresent()) {
      where = where.and(UNBILLED_CHARGE.CURRENCY_CODE.eq(filter.currency().get().code()));
    }
    if (filter.kind().isPresent()) {
      where = where.and(UNBILLED_CHARGE.KIND.eq(filter.kind().get().name()));
    }
    if (page.afterCursor().isPresent()) {
      Cursors.TimeAndId after = Cursors.parseTimeAndId(page.afterCursor().get());
      where =
          where.and(
              DSL.row(UNBILLED_CHARGE.OCCUR_TIME, UNBILLED_CHARGE.CHARGE_ID)
                  .gt(Times.at(after.time()), after.id()));
    }
    Condition condition = where;
    return transactor.read(
        tx -> {
          List<ChargeSnapshot> rows =
              tx.selectFrom(UNBILLED_CHARGE)
                  .where(condition)
                  .orderBy(UNBILLED_CHARGE.OCCUR_TIME, UNBILLED_CHARGE.CHARGE_ID)
                  .limit(PageLimit.of(page))
                  .fetch()
                  .map(JooqChargeRepository::snapshot);
          if (rows.size() <= page.size()) {
            return Page.last(rows);
          }
          List<ChargeSnapshot> items = rows.subList(0, page.size());
          ChargeSnapshot last = items.getLast();
          return new Page<>(
              items, Optional.of(Cursors.timeAndId(last.details().occurTime(), last.id().value())));
        });
  }

  @Override
  public List<ChargeSnapshot> claimUnbilled(
      ChargeSelection selection, InvoiceId invoice, int limit) {
    if (selection.chosenByCaller()) {
      throw new IllegalArgumentException("chosen charges are billed with billChosen, not claimed");
    }
    DSLContext tx = openTransaction("claiming charges");
    Condition claimable =
        UNBILLED_CHARGE
            .CUSTOMER_ID
            .eq(selection.customer().value())
            .and(UNBILLED_CHARGE.CURRENCY_CODE.eq(selection.currency().code()))
            .and(UNBILLED_CHARGE.BILLED_INVOICE_ID.isNull());
    if (selection.occurredBefore().isPresent()) {
      claimable =
          claimable.and(UNBILLED_CHARGE.OCCUR_TIME.lt(Times.at(selection.occurredBefore().get())));
    }
    // MATERIALIZED: locked and limited once. As a plain IN (subquery) the planner may rescan the
    // subquery per row, and each rescan skips the rows this very statement has just updated and
    // locks the next ones: more than the limit would be billed.
    CommonTableExpression<Record1<UUID>> claimed =
        DSL.name("claimed")
            .fields(UNBILLED_CHARGE.CHARGE_ID.getName())
            .asMaterialized(
                DSL.select(UNBILLED_CHARGE.CHARGE_ID)
                    .from(UNBILLED_CHARGE)
                    .where(claimable)
                    .orderBy(UNBILLED_CHARGE.OCCUR_TIME, UNBILLED_CHARGE.CHARGE_ID)
                    .limit(limit)
                    .forUpdate()
                    .skipLocked());
    return inOccurrenceOrder(
        tx.with(claimed)
            .update(UNBILLED_CHARGE)
            .set(UNBILLED_CHARGE.BILLED_INVOICE_ID, invoice.value())
            .set(UNBILLED_CHARGE.VERSION, UNBILLED_CHARGE.VERSION.plus(1L))
            .where(
                UNBILLED_CHARGE.CHARGE_ID.in(
                    DSL.select(claimed.field(UNBILLED_CHARGE.CHARGE_ID.getName(), UUID.class))
                        .from(claimed)))
            .and(UNBILLED_CHARGE.BILLED_INVOICE_ID.isNull())
            .returning()
            .fetch()
            .map(JooqChargeRepository::snapshot));
  }

  @Override
  public List<ChargeSnapshot> lock(Collection<ChargeId> ids) {
    DSLContext tx = openTransaction("locking charges");
    if (ids.isEmpty()) {
      return List.of();
    }
    return tx.selectFrom(UNBILLED_CHARGE)
        .where(UNBILLED_CHARGE.CHARGE_ID.in(ids.stream().map(ChargeId::value).toList()))
        .orderBy(UNBILLED_CHARGE.CHARGE_ID)
        .forUpdate()
        .fetch()
        .map(JooqChargeRepository::snapshot);
  }

  @Override
  public List<ChargeSnapshot> billChosen(ChargeSelection selection, InvoiceId invoice) {
    DSLContext tx = openTransaction("billing charges");
    List<UUID> chosen = selection.chosen().stream().map(ChargeId::value).toList();
    List<ChargeSnapshot> billed =
        tx.update(UNBILLED_CHARGE)
            .set(UNBILLED_CHARGE.BILLED_INVOICE_ID, invoice.value())
            .set(UNBILLED_CHARGE.VERSION, UNBILLED_CHARGE.VERSION.plus(1L))
            .where(UNBILLED_CHARGE.CHARGE_ID.in(chosen))
            .and(UNBILLED_CHARGE.BILLED_INVOICE_ID.isNull())
            .returning()
            .fetch()
            .map(JooqChargeRepository::snapshot);
    if (billed.size() != chosen.size()) {
      throw new IllegalStateException(
          "billed " + billed.size() + " of " + chosen.size() + " chosen charges: lock them first");
    }
    return inOccurrenceOrder(billed);
  }

  @Override
  public Optional<ChargeSnapshot> releaseFromInvoice(InvoiceId invoice, ChargeId charge) {
    DSLContext tx = openTransaction("releasing a charge");
    return tx.update(UNBILLED_CHARGE)
        .setNull(UNBILLED_CHARGE.BILLED_INVOICE_ID)
        .set(UNBILLED_CHARGE.VERSION, UNBILLED_CHARGE.VERSION.plus(1L))
        .where(UNBILLED_CHARGE.CHARGE_ID.eq(charge.value()))
        .and(UNBILLED_CHARGE.BILLED_INVOICE_ID.eq(invoice.value()))
        .returning()
        .fetchOptional()
        .map(JooqChargeRepository::snapshot);
  }

  private static List<ChargeSnapshot> inOccurrenceOrder(List<ChargeSnapshot> charges) {
    return charges.stream()
        .sorted(
            Comparator.comparing((ChargeSnapshot c) -> c.details().occurTime())
                .thenComparing(c -> c.id().value()))
        .toList();
  }

  private DSLContext openTransaction(String what) {
    return transactor
        .current()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    what + " must run inside the transaction that changes the invoice"));
  }

  private static Condition inScope(AccessScope scope) {
    return scope
        .confinedTo()
        .map(customer -> UNBILLED_CHARGE.CUSTOMER_ID.eq(customer.value()))
        .orElse(DSL.noCondition());
  }

  private static UnbilledChargeRecord row(DSLContext tx, ChargeSnapshot charge) {
    ChargeDetails details = charge.details();
    UnbilledChargeRecord row = tx.newRecord(UNBILLED_CHARGE);
    row.setChargeId(charge.id().value());
    row.setCustomerId(details.customerId().value());
    row.setKind(details.kind().name());
    row.setDescription(details.description());
    row.setQuantityMilli(details.quantity().thousandths());
    row.setUnit(details.unit().map(QuantityUnit::value).orElse(null));
    row.setCurrencyCode(details.unitPrice().currency().code());
    row.setUnitPriceMinor(details.unitPrice().minorUnits());
    row.setTaxRateBps(details.taxRate().basisPoints());
    row.setSourceReference(details.sourceReference().value());
    row.setOccurTime(Times.at(details.occurTime()));
    row.setRecordTime(Times.at(charge.recordTime()));
    row.setBilledInvoiceId(charge.billedInvoiceId().map(InvoiceId::value).orElse(null));
    row.setVersion(charge.version());
    return row;
  }

  private static ChargeSnapshot snapshot(UnbilledChargeRecord row) {
    CurrencyCode currency = new CurrencyCode(row.getCurrencyCode());
    return new ChargeSnapshot(
        new ChargeId(row.getChargeId()),
        new ChargeDetails(
            new CustomerId(row.getCustomerId()),
            ChargeKind.valueOf(row.getKind()),
            row.getDescription(),
            new Quantity(row.getQuantityMilli()),
            Optional.ofNullable(row.getUnit()).map(QuantityUnit::new),
            Money.ofMinor(currency, row.getUnitPriceMinor()),
            new TaxRate(row.getTaxRateBps()),
            new SourceReference(row.getSourceReference()),
            Times.instant(row.getOccurTime())),
        Times.instant(row.getRecordTime()),
        Optional.ofNullable(row.getBilledInvoiceId()).map(InvoiceId::new),
        row.getVersion());
  }
}
