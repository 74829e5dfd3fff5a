package dev.fieldops.invoicing.adapter.postgres;

import static dev.fieldops.invoicing.adapter.postgres.jooq.Tables.INVOICE;
import static dev.fieldops.invoicing.adapter.postgres.jooq.Tables.INVOICE_LINE;
import static dev.fieldops.invoicing.adapter.postgres.jooq.Tables.INVOICE_TAX;
import static dev.fieldops.invoicing.adapter.postgres.jooq.Tables.PAYMENT;

import dev.fieldops.invoicing.adapter.postgres.jooq.tables.records.InvoiceLineRecord;
import dev.fieldops.invoicing.adapter.postgres.jooq.tables.records.InvoiceRecord;
import dev.fieldops.invoicing.adapter.postgres.jooq.tables.records.InvoiceTaxRecord;
import dev.fieldops.invoicing.adapter.postgres.jooq.tables.records.PaymentRecord;
import dev.fieldops.invoicing.domain.customer.AccessScope;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.invoicing.domain.invoice.InvoiceLine;
import dev.fieldops.invoicing.domain.invoice.InvoiceSnapshot;
import dev.fieldops.invoicing.domain.invoice.InvoiceStatus;
import dev.fieldops.invoicing.domain.invoice.InvoiceTotals;
import dev.fieldops.invoicing.domain.invoice.LineId;
import dev.fieldops.invoicing.domain.invoice.Memo;
import dev.fieldops.invoicing.domain.invoice.Payment;
import dev.fieldops.invoicing.domain.invoice.PaymentId;
import dev.fieldops.invoicing.domain.invoice.PaymentReference;
import dev.fieldops.invoicing.domain.invoice.SourceReference;
import dev.fieldops.invoicing.domain.invoice.TaxBreakdown;
import dev.fieldops.invoicing.domain.invoice.TaxRate;
import dev.fieldops.invoicing.domain.money.CurrencyCode;
import dev.fieldops.invoicing.domain.money.Money;
import dev.fieldops.invoicing.domain.money.Quantity;
import dev.fieldops.invoicing.domain.money.QuantityUnit;
import dev.fieldops.invoicing.domain.numbering.InvoiceNumber;
import dev.fieldops.jooq.FixedStatement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.impl.DSL;

/**
 * Reads invoices back into snapshots: the invoice row, then its lines, payments and (once issued)
 * tax breakdown, each with one query for however many invoices are read, never one per invoice.
 */
final class InvoiceRows {

  /** An invoice as loaded for a change: its snapshot and the position its next line takes. */
  record Loaded(InvoiceSnapshot snapshot, int nextLinePosition) {}

  private InvoiceRows() {}

  /** The customer condition of {@code scope}, applied in the query itself. */
  static Condition inScope(AccessScope scope) {
    return scope
        .confinedTo()
        .map(customer -> INVOICE.CUSTOMER_ID.eq(customer.value()))
        .orElse(DSL.noCondition());
  }

  private static final Param<UUID> INVOICE_ID_PARAM =
      DSL.param("invoice_id", INVOICE.INVOICE_ID.getDataType());
  private static final Param<String> CUSTOMER_ID_PARAM =
      DSL.param("customer_id", INVOICE.CUSTOMER_ID.getDataType());
  private static final FixedStatement LOCKED = locked(List.of("invoice_id"), DSL.noCondition());
  private static final FixedStatement LOCKED_IN_SCOPE =
      locked(List.of("invoice_id", "customer_id"), INVOICE.CUSTOMER_ID.eq(CUSTOMER_ID_PARAM));

  /**
   * The invoice row-locked ({@code FOR UPDATE}), then its lines, payments and tax breakdown: four
   * statements in one round trip, rendered once. Every change of an invoice starts here. The three
   * reads after the lock start when it is granted, so they see everything committed before, also
   * when the lock had to wait for a concurrent change.
   */
  private static FixedStatement locked(List<String> parameters, Condition scope) {
    return FixedStatement.of(
        parameters,
        DSL.selectFrom(INVOICE)
            .where(INVOICE.INVOICE_ID.eq(INVOICE_ID_PARAM))
            .and(scope)
            .forUpdate(),
        DSL.selectFrom(INVOICE_LINE)
            .where(INVOICE_LINE.INVOICE_ID.eq(INVOICE_ID_PARAM))
            .orderBy(INVOICE_LINE.POSITION),
        DSL.selectFrom(PAYMENT)
            .where(PAYMENT.INVOICE_ID.eq(INVOICE_ID_PARAM))
            .orderBy(PAYMENT.POSITION),
        DSL.selectFrom(INVOICE_TAX)
            .where(INVOICE_TAX.INVOICE_ID.eq(INVOICE_ID_PARAM))
            .orderBy(INVOICE_TAX.TAX_RATE_BPS));
  }

  /** One invoice in {@code scope}, row-locked for a change in {@code tx}, if there is one. */
  static Optional<Loaded> loadLocked(DSLContext tx, InvoiceId id, AccessScope scope) {
    Optional<CustomerId> customer = scope.confinedTo();
    FixedStatement.Reader<Optional<Loaded>> reader =
        results -> {
          Result<InvoiceRecord> invoice = tx.fetch(results.next(), INVOICE.fields()).into(INVOICE);
          if (invoice.isEmpty()) {
            return Optional.empty();
          }
          InvoiceRecord row = invoice.getFirst();
          List<InvoiceLineRecord> lineRows =
              tx.fetch(results.next(), INVOICE_LINE.fields()).into(INVOICE_LINE);
          List<PaymentRecord> paymentRows =
              tx.fetch(results.next(), PAYMENT.fields()).into(PAYMENT);
          List<InvoiceTaxRecord> taxRows =
              InvoiceStatus.valueOf(row.getStatus()) == InvoiceStatus.DRAFT
                  ? List.of()
                  : tx.fetch(results.next(), INVOICE_TAX.fields()).into(INVOICE_TAX);
          return Optional.of(loaded(row, lineRows, paymentRows, taxRows));
        };
    return customer.isPresent()
        ? LOCKED_IN_SCOPE.query(tx, reader, id.value(), customer.get().value())
        : LOCKED.query(tx, reader, id.value());
  }

  /**
   * One invoice in {@code scope} as of one snapshot, with its lines, payments and tax breakdown
   * nested as MULTISETs: one statement, so a concurrent change is seen whole or not at all.
   */
  static Optional<Loaded> load(DSLContext tx, InvoiceId id, AccessScope scope) {
    Field<Result<InvoiceLineRecord>> lines =
        DSL.multiset(
                DSL.selectFrom(INVOICE_LINE)
                    .where(INVOICE_LINE.INVOICE_ID.eq(INVOICE.INVOICE_ID))
                    .orderBy(INVOICE_LINE.POSITION))
            .as("lines");
    Field<Result<PaymentRecord>> payments =
        DSL.multiset(
                DSL.selectFrom(PAYMENT)
                    .where(PAYMENT.INVOICE_ID.eq(INVOICE.INVOICE_ID))
                    .orderBy(PAYMENT.POSITION))
            .as("payments");
    Field<Result<InvoiceTaxRecord>> taxes =
        DSL.multiset(
                DSL.selectFrom(INVOICE_TAX)
                    .where(INVOICE_TAX.INVOICE_ID.eq(INVOICE.INVOICE_ID))
                    .orderBy(INVOICE_TAX.TAX_RATE_BPS))
            .as("taxes");
    Record found =
        tx.select(INVOICE.fields())
            .select(lines, payments, taxes)
            .from(INVOICE)
            .where(INVOICE.INVOICE_ID.eq(id.value()))
            .and(inScope(scope))
            .fetchOne();
    if (found == null) {
      return Optional.empty();
    }
    InvoiceRecord row = found.into(INVOICE);
    // The order inside a MULTISET is not guaranteed by SQL; the positions are.
    List<InvoiceLineRecord> lineRows = new ArrayList<>(found.get(lines));
    lineRows.sort(Comparator.comparingInt(InvoiceLineRecord::getPosition));
    List<PaymentRecord> paymentRows = new ArrayList<>(found.get(payments));
    paymentRows.sort(Comparator.comparingInt(PaymentRecord::getPosition));
    List<InvoiceTaxRecord> taxRows =
        InvoiceStatus.valueOf(row.getStatus()) == InvoiceStatus.DRAFT
            ? List.of()
            : found.get(taxes).stream()
                .sorted(Comparator.comparingInt(InvoiceTaxRecord::getTaxRateBps))
                .toList();
    return Optional.of(loaded(row, lineRows, paymentRows, taxRows));
  }

  private static Loaded loaded(
      InvoiceRecord row,
      List<InvoiceLineRecord> lineRows,
      List<PaymentRecord> paymentRows,
      List<InvoiceTaxRecord> taxRows) {
    int nextPosition = 0;
    for (InvoiceLineRecord line : lineRows) {
      nextPosition = Math.max(nextPosition, line.getPosition() + 1);
    }
    return new Loaded(snapshot(row, lineRows, paymentRows, taxRows), nextPosition);
  }

  /** Snapshots of {@code rows}, in their order, with four queries in all. */
  static List<InvoiceSnapshot> loadMany(DSLContext tx, List<InvoiceRecord> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    Set<UUID> ids = rows.stream().map(InvoiceRecord::getInvoiceId).collect(Collectors.toSet());
    Map<UUID, List<InvoiceLineRecord>> lines =
        group(
            tx.selectFrom(INVOICE_LINE)
                .where(INVOICE_LINE.INVOICE_ID.in(ids))
                .orderBy(INVOICE_LINE.INVOICE_ID, INVOICE_LINE.POSITION)
                .fetch(),
            InvoiceLineRecord::getInvoiceId);
    Map<UUID, List<PaymentRecord>> payments =
        group(
            tx.selectFrom(PAYMENT)
                .where(PAYMENT.INVOICE_ID.in(ids))
                .orderBy(PAYMENT.INVOICE_ID, PAYMENT.POSITION)
                .fetch(),
            PaymentRecord::getInvoiceId);
    Set<UUID> issued =
        rows.stream()
            .filter(row -> !InvoiceStatus.DRAFT.name().equals(row.getStatus()))
            .map(InvoiceRecord::getInvoiceId)
            .collect(Collectors.toSet());
    Map<UUID, List<InvoiceTaxRecord>> taxes =
        issued.isEmpty()
            ? Map.of()
            : group(
                tx.selectFrom(INVOICE_TAX)
                    .where(INVOICE_TAX.INVOICE_ID.in(issued))
                    .orderBy(INVOICE_TAX.INVOICE_ID, INVOICE_TAX.TAX_RATE_BPS)
                    .fetch(),
                InvoiceTaxRecord::getInvoiceId);
    List<InvoiceSnapshot> snapshots = new ArrayList<>(rows.size());
    for (InvoiceRecord row : rows) {
      UUID id = row.getInvoiceId();
      snapshots.add(
          snapshot(
              row,
              lines.getOrDefault(id, List.of()),
              payments.getOrDefault(id, List.of()),
              taxes.getOrDefault(id, List.of())));
    }
    return snapshots;
  }

  static InvoiceSnapshot snapshot(
      InvoiceRecord row,
      List<InvoiceLineRecord> lineRows,
      List<PaymentRecord> paymentRows,
      List<InvoiceTaxRecord> taxRows) {
    CurrencyCode currency = new CurrencyCode(row.getCurrencyCode());
    InvoiceStatus status = InvoiceStatus.valueOf(row.getStatus());
    List<InvoiceLine> lines = lineRows.stream().map(line -> line(line, currency)).toList();
    List<Payment> payments =
        paymentRows.stream().map(payment -> payment(payment, currency)).toList();
    // A draft's totals follow its lines; an issued invoice's were frozen at issue and are read as
    // stored, so a later change of the rounding rules could never alter an issued invoice.
    InvoiceTotals totals =
        status == InvoiceStatus.DRAFT
            ? InvoiceTotals.of(currency, lines)
            : new InvoiceTotals(
                Money.ofMinor(currency, row.getSubtotalMinor()),
                Money.ofMinor(currency, row.getTaxMinor()),
                Money.ofMinor(currency, row.getTotalMinor()),
                taxRows.stream()
                    .map(
                        tax ->
                            new TaxBreakdown(
                                new TaxRate(tax.getTaxRateBps()),
                                Money.ofMinor(currency, tax.getTaxableMinor()),
                                Money.ofMinor(currency, tax.getTaxMinor())))
                    .toList());
    return new InvoiceSnapshot(
        new InvoiceId(row.getInvoiceId()),
        new CustomerId(row.getCustomerId()),
        currency,
        status,
        lines,
        totals,
        Optional.ofNullable(row.getPaymentTermsDays()).map(PaymentTerms::new),
        Optional.ofNullable(row.getMemo()).map(Memo::new),
        row.getNumberSequence() == null
            ? Optional.empty()
            : Optional.of(InvoiceNumber.of(row.getNumberYear(), row.getNumberSequence())),
        Times.optional(row.getIssueTime()),
        Times.optional(row.getDueTime()),
        payments,
        Times.optional(row.getPaidTime()),
        Times.optional(row.getOverdueTime()),
        Times.optional(row.getVoidTime()),
        Optional.ofNullable(row.getVoidReason()),
        Times.instant(row.getCreateTime()),
        Times.instant(row.getUpdateTime()),
        row.getVersion());
  }

  static InvoiceLine line(InvoiceLineRecord row, CurrencyCode currency) {
    return new InvoiceLine(
        new LineId(row.getLineId()),
        row.getDescription(),
        new Quantity(row.getQuantityMilli()),
        Optional.ofNullable(row.getUnit()).map(QuantityUnit::new),
        Money.ofMinor(currency, row.getUnitPriceMinor()),
        new TaxRate(row.getTaxRateBps()),
        Optional.ofNullable(row.getSourceReference()).map(SourceReference::new),
        Optional.ofNullable(row.getChargeId()),
        Money.ofMinor(currency, row.getAmountMinor()));
  }

  static Payment payment(PaymentRecord row, CurrencyCode currency) {
    return new Payment(
        new PaymentId(row.getPaymentId()),
        Money.ofMinor(currency, row.getAmountMinor()),
        new PaymentReference(row.getPaymentReference()),
        Times.instant(row.getReceiveTime()),
        Times.instant(row.getRecordTime()));
  }

  private static <R> Map<UUID, List<R>> group(
      Collection<R> rows, java.util.function.Function<R, UUID> key) {
    Map<UUID, List<R>> grouped = new HashMap<>();
    for (R row : rows) {
      grouped.computeIfAbsent(key.apply(row), ignored -> new ArrayList<>()).add(row);
    }
    return grouped;
  }
}
