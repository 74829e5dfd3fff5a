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
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.event.DomainEvent;
import dev.fieldops.invoicing.domain.invoice.Invoice;
import dev.fieldops.invoicing.domain.invoice.InvoiceEvent;
import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.invoicing.domain.invoice.InvoiceLine;
import dev.fieldops.invoicing.domain.invoice.InvoiceRepository;
import dev.fieldops.invoicing.domain.invoice.InvoiceSnapshot;
import dev.fieldops.invoicing.domain.invoice.InvoiceStatus;
import dev.fieldops.invoicing.domain.invoice.LineId;
import dev.fieldops.invoicing.domain.invoice.Memo;
import dev.fieldops.invoicing.domain.invoice.Payment;
import dev.fieldops.invoicing.domain.invoice.SourceReference;
import dev.fieldops.invoicing.domain.invoice.TaxBreakdown;
import dev.fieldops.invoicing.domain.money.QuantityUnit;
import dev.fieldops.jooq.FixedStatement;
import dev.fieldops.jooq.SqlFailures;
import dev.fieldops.jooq.Transactor;
import dev.fieldops.kernel.AlreadyExistsException;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.nats.outbox.OutboxEncoder;
import dev.fieldops.nats.outbox.OutboxWriter;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.jooq.CommonTableExpression;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.ResultQuery;
import org.jooq.Table;
import org.jooq.TableRecord;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Invoices in PostgreSQL. {@link #update} loads the invoice row-locked ({@code SELECT ... FOR
 * UPDATE}) in one round trip, applies the change, writes only what changed (the row, new or removed
 * lines, new payments, the tax breakdown once at issue) in one statement, and appends the raised
 * events to the outbox — in the caller's transaction or one of its own.
 *
 * <p>Round trips are counted on purpose: an issue holds the year's counter row from drawing its
 * number until it commits, and every other issue of the year waits behind it. After the draw an
 * issue costs three round trips: the write, the outbox row and the commit.
 */
public final class JooqInvoiceRepository implements InvoiceRepository {

  private static final String PAYMENT_REFERENCE_UNIQUE = "payment_reference_unique";

  private final Transactor transactor;
  private final OutboxWriter outbox;
  private final OutboxEncoder<DomainEvent> events;

  public JooqInvoiceRepository(
      Transactor transactor, OutboxWriter outbox, OutboxEncoder<DomainEvent> events) {
    this.transactor = transactor;
    this.outbox = outbox;
    this.events = events;
  }

  @Override
  public void add(Invoice invoice) {
    transactor.joinedRun(
        tx -> {
          InvoiceSnapshot state = invoice.snapshot();
          List<ResultQuery<?>> children = new ArrayList<>();
          insertAll(tx, lineRecords(tx, state.id(), state.lines(), 0), INVOICE_LINE.LINE_ID)
              .ifPresent(children::add);
          insertAll(tx, paymentRecords(tx, state, 0), PAYMENT.PAYMENT_ID).ifPresent(children::add);
          if (state.status() != InvoiceStatus.DRAFT) {
            insertAll(tx, taxRecords(tx, state), INVOICE_TAX.TAX_RATE_BPS).ifPresent(children::add);
          }
          var insert =
              tx.insertInto(INVOICE).set(invoiceRow(tx, state)).returningResult(INVOICE.INVOICE_ID);
          writing(state, () -> together(tx, insert, children));
          appendEvents(tx, invoice);
        });
  }

  @Override
  public Optional<Invoice> find(InvoiceId id, AccessScope scope) {
    return transactor.read(
        tx ->
            InvoiceRows.load(tx, id, scope).map(loaded -> Invoice.reconstitute(loaded.snapshot())));
  }

  @Override
  public <R> R update(InvoiceId id, AccessScope scope, Function<Invoice, R> change) {
    return transactor.joined(
        tx -> {
          InvoiceRows.Loaded loaded =
              InvoiceRows.loadLocked(tx, id, scope)
                  .orElseThrow(() -> NotFoundException.of("invoice", id.toString()));
          InvoiceSnapshot before = loaded.snapshot();
          Invoice invoice = Invoice.reconstitute(before);
          R result = change.apply(invoice);
          InvoiceSnapshot after = invoice.snapshot();
          if (after.version() != before.version()) {
            save(tx, before, after, loaded.nextLinePosition());
          }
          appendEvents(tx, invoice);
          return result;
        });
  }

  /**
   * Writes what the change altered as one statement: the invoice row, and as data-modifying CTEs
   * the lines removed and added, the payments added and, at issue, the tax breakdown. The statement
   * of each shape (which of those, how many rows) is a {@link FixedStatement} rendered at its first
   * use; a change of more rows than {@link #MAX_FIXED_ROWS} in one part is rendered for itself.
   */
  private static void save(
      DSLContext tx, InvoiceSnapshot before, InvoiceSnapshot after, int nextLinePosition) {
    InvoiceRecord row = invoiceRow(tx, after);
    Set<LineId> kept = new HashSet<>();
    after.lines().forEach(line -> kept.add(line.id()));
    List<UUID> removed =
        before.lines().stream()
            .map(InvoiceLine::id)
            .filter(id -> !kept.contains(id))
            .map(LineId::value)
            .toList();
    Set<LineId> existing = new HashSet<>();
    before.lines().forEach(line -> existing.add(line.id()));
    List<InvoiceLine> added =
        after.lines().stream().filter(line -> !existing.contains(line.id())).toList();
    List<InvoiceLineRecord> lines = lineRecords(tx, after.id(), added, nextLinePosition);
    List<PaymentRecord> payments = paymentRecords(tx, after, before.payments().size());
    List<InvoiceTaxRecord> taxes =
        before.status() == InvoiceStatus.DRAFT && after.status() != InvoiceStatus.DRAFT
            ? taxRecords(tx, after)
            : List.of();
    var write = new Write(row, before.version(), removed, lines, payments, taxes);
    int written =
        writing(after, () -> write.isFixed() ? writeFixed(tx, write) : writeRendered(tx, write));
    if (written != 1) {
      // The row is locked by this transaction; a miss means the lock did not hold.
      throw new IllegalStateException("invoice " + after.id() + " changed under its row lock");
    }
  }

  /**
   * What a change writes: the invoice row (where it still has {@code expectedVersion}), the ids of
   * the lines it removes, and the rows it adds.
   */
  private record Write(
      InvoiceRecord row,
      long expectedVersion,
      List<UUID> removed,
      List<InvoiceLineRecord> lines,
      List<PaymentRecord> payments,
      List<InvoiceTaxRecord> taxes) {

    WriteShape shape() {
      return new WriteShape(!removed.isEmpty(), lines.size(), payments.size(), taxes.size());
    }

    boolean isFixed() {
      return lines.size() <= MAX_FIXED_ROWS
          && payments.size() <= MAX_FIXED_ROWS
          && taxes.size() <= MAX_FIXED_ROWS;
    }
  }

  /**
   * The shape of a {@link Write}: whether it removes lines, how many rows it adds to each table.
   */
  private record WriteShape(boolean removesLines, int lines, int payments, int taxes) {}

  /** The write as the {@link FixedStatement} of its shape; returns the invoice rows written. */
  private static int writeFixed(DSLContext tx, Write write) {
    var values = new ArrayList<Object>();
    for (Field<?> column : UPDATED) {
      values.add(write.row().get(column));
    }
    values.add(write.row().getInvoiceId());
    values.add(write.expectedVersion());
    if (!write.removed().isEmpty()) {
      values.add(write.removed().toArray(UUID[]::new));
    }
    Stream.of(write.lines(), write.payments(), write.taxes())
        .flatMap(List::stream)
        .forEach(record -> values.addAll(Arrays.asList(record.intoArray())));
    return WRITES
        .computeIfAbsent(write.shape(), JooqInvoiceRepository::write)
        .query(
            tx,
            results -> {
              ResultSet count = results.next();
              count.next();
              return count.getInt(1);
            },
            values.toArray());
  }

  /** The write rendered for itself (a shape beyond the fixed ones); returns the rows written. */
  private static int writeRendered(DSLContext tx, Write write) {
    InvoiceRecord row = write.row();
    UUID invoiceId = row.getInvoiceId();
    FIXED_AT_CREATION.forEach(column -> row.changed(column, false));
    var update =
        tx.update(INVOICE)
            .set(row)
            .where(INVOICE.INVOICE_ID.eq(invoiceId))
            .and(INVOICE.VERSION.eq(write.expectedVersion()))
            .returningResult(INVOICE.INVOICE_ID);
    List<ResultQuery<?>> children = new ArrayList<>();
    if (!write.removed().isEmpty()) {
      children.add(
          tx.deleteFrom(INVOICE_LINE)
              .where(INVOICE_LINE.INVOICE_ID.eq(invoiceId))
              .and(INVOICE_LINE.LINE_ID.in(write.removed()))
              .returningResult(INVOICE_LINE.LINE_ID));
    }
    insertAll(tx, write.lines(), INVOICE_LINE.LINE_ID).ifPresent(children::add);
    insertAll(tx, write.payments(), PAYMENT.PAYMENT_ID).ifPresent(children::add);
    insertAll(tx, write.taxes(), INVOICE_TAX.TAX_RATE_BPS).ifPresent(children::add);
    return together(tx, update, children);
  }

  /** More rows than this in one part of a change are rendered per call (bounds the statements). */
  static final int MAX_FIXED_ROWS = 8;

  private static final Map<WriteShape, FixedStatement> WRITES = new ConcurrentHashMap<>();

  // The invoice row's identity and creation: no change alters them.
  private static final List<Field<?>> FIXED_AT_CREATION =
      List.of(INVOICE.INVOICE_ID, INVOICE.CUSTOMER_ID, INVOICE.CURRENCY_CODE, INVOICE.CREATE_TIME);

  // What a change may alter of the invoice row: everything else.
  private static final List<Field<?>> UPDATED =
      Stream.of(INVOICE.fields()).filter(field -> !FIXED_AT_CREATION.contains(field)).toList();

  /**
   * The write of {@code shape} with named parameters, in the order {@link #save} binds them: the
   * updated columns, the invoice id and the version it had, the removed line ids as one array, then
   * every column of every added row, lines, payments, taxes.
   */
  private static FixedStatement write(WriteShape shape) {
    var parameters = new ArrayList<String>();
    var set = new LinkedHashMap<Field<?>, Field<?>>();
    for (Field<?> column : UPDATED) {
      set.put(column, named(parameters, "set_" + column.getName(), column));
    }
    Field<UUID> invoiceId = named(parameters, "invoice_id", INVOICE.INVOICE_ID);
    Field<Long> version = named(parameters, "expected_version", INVOICE.VERSION);
    List<CommonTableExpression<?>> ctes = new ArrayList<>();
    CommonTableExpression<?> written =
        DSL.name("written")
            .as(
                DSL.update(INVOICE)
                    .set(set)
                    .where(INVOICE.INVOICE_ID.eq(invoiceId))
                    .and(INVOICE.VERSION.eq(version))
                    .returningResult(INVOICE.INVOICE_ID));
    ctes.add(written);
    if (shape.removesLines()) {
      parameters.add("removed_line_ids");
      ctes.add(
          DSL.name("removed")
              .as(
                  DSL.deleteFrom(INVOICE_LINE)
                      .where(INVOICE_LINE.INVOICE_ID.eq(invoiceId))
                      .and(
                          INVOICE_LINE.LINE_ID.eq(
                              DSL.any(
                                  DSL.param(
                                      "removed_line_ids",
                                      INVOICE_LINE.LINE_ID.getDataType().array()))))
                      .returningResult(INVOICE_LINE.LINE_ID)));
    }
    insertOf(parameters, "line", INVOICE_LINE, shape.lines(), INVOICE_LINE.LINE_ID)
        .ifPresent(insert -> ctes.add(DSL.name("added_lines").as(insert)));
    insertOf(parameters, "payment", PAYMENT, shape.payments(), PAYMENT.PAYMENT_ID)
        .ifPresent(insert -> ctes.add(DSL.name("added_payments").as(insert)));
    insertOf(parameters, "tax", INVOICE_TAX, shape.taxes(), INVOICE_TAX.TAX_RATE_BPS)
        .ifPresent(insert -> ctes.add(DSL.name("added_taxes").as(insert)));
    return FixedStatement.of(parameters, DSL.with(ctes).selectCount().from(written));
  }

  /** An insert of {@code rows} rows of every column of {@code table}, as named parameters. */
  private static Optional<ResultQuery<?>> insertOf(
      List<String> parameters, String prefix, Table<?> table, int rows, Field<?> returned) {
    if (rows == 0) {
      return Optional.empty();
    }
    var insert = DSL.insertInto(table).columns(table.fields());
    for (int i = 0; i < rows; i++) {
      var values = new ArrayList<Field<?>>();
      for (Field<?> column : table.fields()) {
        values.add(named(parameters, prefix + i + "_" + column.getName(), column));
      }
      insert = insert.values(values);
    }
    return Optional.of(insert.returningResult(returned));
  }

  private static <T> Field<T> named(List<String> parameters, String name, Field<T> column) {
    parameters.add(name);
    return DSL.param(name, column.getDataType());
  }

  /**
   * Runs {@code main} with {@code children} as data-modifying CTEs of one statement and returns how
   * many rows {@code main} wrote.
   */
  private static int together(DSLContext tx, ResultQuery<?> main, List<ResultQuery<?>> children) {
    if (children.isEmpty()) {
      return tx.fetch(main).size();
    }
    CommonTableExpression<?> written = DSL.name("written").as(main);
    List<CommonTableExpression<?>> ctes = new ArrayList<>();
    ctes.add(written);
    for (int i = 0; i < children.size(); i++) {
      ctes.add(DSL.name("child_" + i).as(children.get(i)));
    }
    return tx.with(ctes).selectCount().from(written).fetchSingle().value1();
  }

  /**
   * Runs a write of {@code invoice} and returns how many invoice rows it wrote. A bank reference
   * already booked on another invoice is the domain's {@code PAYMENT_REFERENCE_ALREADY_USED}, not a
   * database error.
   */
  private static int writing(InvoiceSnapshot invoice, IntSupplier write) {
    try {
      return write.getAsInt();
    } catch (DataAccessException e) {
      if (SqlFailures.isUniqueViolation(e) && PAYMENT_REFERENCE_UNIQUE.equals(constraint(e))) {
        // Unique per invoice is the aggregate's rule; across invoices the database keeps it.
        String reference =
            invoice.payments().isEmpty() ? "" : invoice.payments().getLast().reference().value();
        throw new AlreadyExistsException(
            "PAYMENT_REFERENCE_ALREADY_USED",
            "a payment with this reference is already recorded",
            Map.of("payment_reference", reference));
      }
      throw e;
    }
  }

  private static InvoiceRecord invoiceRow(DSLContext tx, InvoiceSnapshot state) {
    InvoiceRecord row = tx.newRecord(INVOICE);
    row.setInvoiceId(state.id().value());
    row.setCustomerId(state.customerId().value());
    row.setCurrencyCode(state.currency().code());
    row.setStatus(state.status().name());
    row.setPaymentTermsDays(state.paymentTerms().map(PaymentTerms::netDays).orElse(null));
    row.setMemo(state.memo().map(Memo::text).orElse(null));
    row.setNumberYear(state.number().map(number -> number.year().getValue()).orElse(null));
    row.setNumberSequence(state.number().map(number -> number.sequence()).orElse(null));
    row.setSubtotalMinor(state.totals().subtotal().minorUnits());
    row.setTaxMinor(state.totals().tax().minorUnits());
    row.setTotalMinor(state.totals().total().minorUnits());
    row.setAmountPaidMinor(state.amountPaid().minorUnits());
    row.setIssueTime(Times.at(state.issueTime()));
    row.setDueTime(Times.at(state.dueTime()));
    row.setPaidTime(Times.at(state.paidTime()));
    row.setOverdueTime(Times.at(state.overdueTime()));
    row.setVoidTime(Times.at(state.voidTime()));
    row.setVoidReason(state.voidReason().orElse(null));
    row.setCreateTime(Times.at(state.createTime()));
    row.setUpdateTime(Times.at(state.updateTime()));
    row.setVersion(state.version());
    return row;
  }

  private static List<InvoiceLineRecord> lineRecords(
      DSLContext tx, InvoiceId invoice, List<InvoiceLine> lines, int firstPosition) {
    List<InvoiceLineRecord> rows = new ArrayList<>(lines.size());
    int position = firstPosition;
    for (InvoiceLine line : lines) {
      InvoiceLineRecord row = tx.newRecord(INVOICE_LINE);
      row.setInvoiceId(invoice.value());
      row.setLineId(line.id().value());
      row.setPosition(position++);
      row.setDescription(line.description());
      row.setQuantityMilli(line.quantity().thousandths());
      row.setUnit(line.unit().map(QuantityUnit::value).orElse(null));
      row.setUnitPriceMinor(line.unitPrice().minorUnits());
      row.setTaxRateBps(line.taxRate().basisPoints());
      row.setSourceReference(line.sourceReference().map(SourceReference::value).orElse(null));
      row.setChargeId(line.chargeId().orElse(null));
      row.setAmountMinor(line.amount().minorUnits());
      rows.add(row);
    }
    return rows;
  }

  private static List<PaymentRecord> paymentRecords(
      DSLContext tx, InvoiceSnapshot invoice, int alreadyStored) {
    List<Payment> payments = invoice.payments();
    List<PaymentRecord> rows = new ArrayList<>();
    for (int position = alreadyStored; position < payments.size(); position++) {
      Payment payment = payments.get(position);
      PaymentRecord row = tx.newRecord(PAYMENT);
      row.setPaymentId(payment.id().value());
      row.setInvoiceId(invoice.id().value());
      row.setPosition(position);
      row.setAmountMinor(payment.amount().minorUnits());
      row.setPaymentReference(payment.reference().value());
      row.setReceiveTime(Times.at(payment.receiveTime()));
      row.setRecordTime(Times.at(payment.recordTime()));
      rows.add(row);
    }
    return rows;
  }

  private static List<InvoiceTaxRecord> taxRecords(DSLContext tx, InvoiceSnapshot invoice) {
    List<InvoiceTaxRecord> rows = new ArrayList<>();
    for (TaxBreakdown rate : invoice.totals().taxBreakdown()) {
      InvoiceTaxRecord row = tx.newRecord(INVOICE_TAX);
      row.setInvoiceId(invoice.id().value());
      row.setTaxRateBps(rate.rate().basisPoints());
      row.setTaxableMinor(rate.taxableAmount().minorUnits());
      row.setTaxMinor(rate.tax().minorUnits());
      rows.add(row);
    }
    return rows;
  }

  /** One multi-row {@code INSERT ... RETURNING}, to run as a CTE; empty for no rows. */
  private static <R extends TableRecord<R>> Optional<ResultQuery<?>> insertAll(
      DSLContext tx, List<R> rows, Field<?> returned) {
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    var insert = tx.insertInto(rows.getFirst().getTable()).set(rows.getFirst());
    for (int i = 1; i < rows.size(); i++) {
      insert = insert.newRecord().set(rows.get(i));
    }
    return Optional.of(insert.returningResult(returned));
  }

  private void appendEvents(DSLContext tx, Invoice invoice) {
    List<InvoiceEvent> raised = invoice.pullEvents();
    if (!raised.isEmpty()) {
      outbox.appendAll(tx, events.encodeAll(raised));
    }
  }

  private static String constraint(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof PSQLException psql) {
        ServerErrorMessage message = psql.getServerErrorMessage();
        return message == null ? null : message.getConstraint();
      }
    }
    return null;
  }
}
