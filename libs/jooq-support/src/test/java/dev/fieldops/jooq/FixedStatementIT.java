package dev.fieldops.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.table;

import dev.fieldops.test.TestDatabase;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.jooq.impl.TableImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FixedStatementIT {

  private static final Table<Record> ACCOUNT = table(name("account"));
  private static final Field<Integer> ACCOUNT_ID = field(name("account_id"), Integer.class);
  private static final Field<Integer> BALANCE = field(name("balance"), Integer.class);
  private static final Table<Record> ENTRY = table(name("entry"));
  private static final Field<Integer> ENTRY_ACCOUNT = field(name("account_id"), Integer.class);
  private static final Field<Integer> AMOUNT = field(name("amount"), Integer.class);

  private static final Param<Integer> ID = param("id", SQLDataType.INTEGER);

  /**
   * A table with columns of the types the services' rows hold, as jOOQ's code generator makes it.
   */
  private static final class Gadget extends TableImpl<Record> {
    final TableField<Record, UUID> gadgetId =
        createField(name("gadget_id"), SQLDataType.UUID.nullable(false), this);
    final TableField<Record, Short> year =
        createField(name("year"), SQLDataType.SMALLINT.nullable(false), this);
    final TableField<Record, String[]> tags =
        createField(name("tags"), SQLDataType.CLOB.array().nullable(false), this);
    final TableField<Record, String> note = createField(name("note"), SQLDataType.CLOB, this);
    final TableField<Record, OffsetDateTime> madeAt =
        createField(name("made_at"), SQLDataType.TIMESTAMPWITHTIMEZONE.nullable(false), this);
    final TableField<Record, Boolean> broken =
        createField(name("broken"), SQLDataType.BOOLEAN.nullable(false), this);

    Gadget() {
      super(name("gadget"));
    }
  }

  private static final Gadget GADGET = new Gadget();

  private static TestDatabase testDatabase;
  private static Database database;

  @BeforeAll
  static void startDatabase() {
    testDatabase = TestDatabase.create();
    database =
        Database.start(
            DatabaseConfig.forUrl(
                    testDatabase.jdbcUrl(), testDatabase.username(), testDatabase.password())
                .withMaximumPoolSize(4),
            List.of());
    database
        .dsl()
        .execute("CREATE TABLE account (account_id int PRIMARY KEY, balance int NOT NULL)");
    database.dsl().execute("CREATE TABLE entry (account_id int NOT NULL, amount int NOT NULL)");
    database
        .dsl()
        .execute(
            "CREATE TABLE gadget (gadget_id uuid PRIMARY KEY, year smallint NOT NULL,"
                + " tags text[] NOT NULL, note text, made_at timestamptz NOT NULL,"
                + " broken boolean NOT NULL DEFAULT false)");
  }

  @AfterAll
  static void stopDatabase() {
    if (database != null) {
      database.close();
    }
    if (testDatabase != null) {
      testDatabase.close();
    }
  }

  @BeforeEach
  void oneAccount() {
    database.dsl().execute("TRUNCATE account, entry, gadget");
    database.dsl().execute("INSERT INTO account VALUES (1, 10), (2, 20)");
    database.dsl().execute("INSERT INTO entry VALUES (1, 4), (1, 6), (2, 20)");
  }

  @Test
  void statements_run_together_and_return_their_rows_in_order() {
    FixedStatement statement =
        FixedStatement.of(
            List.of("id"),
            DSL.select(BALANCE).from(ACCOUNT).where(ACCOUNT_ID.eq(ID)),
            DSL.select(AMOUNT).from(ENTRY).where(ENTRY_ACCOUNT.eq(ID)).orderBy(AMOUNT.desc()));

    List<Integer> read =
        database
            .transactor()
            .read(
                tx ->
                    statement.query(
                        tx,
                        results -> {
                          var values = new ArrayList<Integer>();
                          values.addAll(ints(results.next()));
                          values.addAll(ints(results.next()));
                          return values;
                        },
                        1));

    assertThat(read).containsExactly(10, 6, 4);
    assertThat(statement.sql()).doesNotContain("\u0001").contains("?");
  }

  @Test
  void a_parameter_binds_everywhere_it_occurs_in_the_order_of_the_declared_list() {
    Param<Integer> least = param("least", SQLDataType.INTEGER);
    FixedStatement statement =
        FixedStatement.of(
            List.of("least", "id"),
            DSL.select(AMOUNT)
                .from(ENTRY)
                .where(ENTRY_ACCOUNT.eq(ID).or(ENTRY_ACCOUNT.eq(ID.add(inline(1)))))
                .and(AMOUNT.ge(least))
                .orderBy(AMOUNT));

    List<Integer> read =
        database
            .transactor()
            .read(tx -> statement.query(tx, results -> ints(results.next()), 5, 1));

    assertThat(read).containsExactly(6, 20);
  }

  @Test
  void statements_without_rows_are_skipped_and_reading_past_the_last_fails() {
    FixedStatement statement =
        FixedStatement.of(
            List.of("id"),
            DSL.update(ACCOUNT).set(BALANCE, BALANCE.add(inline(1))).where(ACCOUNT_ID.eq(ID)),
            DSL.select(BALANCE).from(ACCOUNT).where(ACCOUNT_ID.eq(ID)));

    assertThatThrownBy(
            () ->
                database
                    .transactor()
                    .inTransaction(
                        tx ->
                            statement.query(
                                tx,
                                results -> {
                                  assertThat(ints(results.next())).containsExactly(11);
                                  return results.next();
                                },
                                1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no statement left");
  }

  @Test
  void statements_after_a_row_lock_see_what_the_transaction_it_waited_for_committed()
      throws Exception {
    FixedStatement lockedWithEntries =
        FixedStatement.of(
            List.of("id"),
            DSL.select(BALANCE).from(ACCOUNT).where(ACCOUNT_ID.eq(ID)).forUpdate(),
            DSL.select(AMOUNT).from(ENTRY).where(ENTRY_ACCOUNT.eq(ID)).orderBy(AMOUNT));
    var locked = new CountDownLatch(1);
    var release = new CountDownLatch(1);
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () ->
                database
                    .transactor()
                    .run(
                        tx -> {
                          tx.execute("UPDATE account SET balance = 13 WHERE account_id = 1");
                          tx.execute("INSERT INTO entry VALUES (1, 3)");
                          locked.countDown();
                          await(release);
                        }));
    assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<List<Integer>> reader =
        CompletableFuture.supplyAsync(
            () ->
                database
                    .transactor()
                    .inTransaction(
                        tx ->
                            lockedWithEntries.query(
                                tx,
                                results -> {
                                  var values = new ArrayList<>(ints(results.next()));
                                  values.addAll(ints(results.next()));
                                  return values;
                                },
                                1)));
    Thread.sleep(300);
    assertThat(reader).isNotDone();
    release.countDown();
    writer.get(10, TimeUnit.SECONDS);

    assertThat(reader.get(10, TimeUnit.SECONDS)).containsExactly(13, 3, 4, 6);
  }

  @Test
  void a_whole_row_goes_in_through_the_insert_of_every_column() {
    FixedStatement insert =
        FixedStatement.of(
            FixedStatement.columnNames(GADGET),
            FixedStatement.insertEveryColumn(GADGET)
                .onConflictDoNothing()
                .returningResult(GADGET.gadgetId));
    var id = UUID.randomUUID();
    var madeAt = OffsetDateTime.parse("2026-12-06T07:30:00.123456Z");
    Record row = DSL.using(SQLDialect.POSTGRES).newRecord(GADGET);
    row.set(GADGET.gadgetId, id);
    row.set(GADGET.year, (short) 2026);
    row.set(GADGET.tags, new String[] {"freezer", "a \"quoted\" tag"});
    row.set(GADGET.note, null);
    row.set(GADGET.madeAt, madeAt);
    row.set(GADGET.broken, true);

    List<Boolean> inserted = new ArrayList<>();
    for (int attempt = 0; attempt < 2; attempt++) {
      inserted.add(
          database
              .transactor()
              .inTransaction(
                  tx ->
                      insert.query(
                          tx, results -> results.next().next(), FixedStatement.everyValue(row))));
    }

    assertThat(inserted).containsExactly(true, false);
    Record stored = database.dsl().selectFrom(GADGET).fetchSingle();
    assertThat(stored.get(GADGET.gadgetId)).isEqualTo(id);
    assertThat(stored.get(GADGET.year)).isEqualTo((short) 2026);
    assertThat(stored.get(GADGET.tags)).containsExactly("freezer", "a \"quoted\" tag");
    assertThat(stored.get(GADGET.note)).isNull();
    assertThat(stored.get(GADGET.madeAt).toInstant()).isEqualTo(madeAt.toInstant());
    assertThat(stored.get(GADGET.broken)).isTrue();
  }

  @Test
  void a_record_with_a_field_never_set_is_refused_rather_than_written_as_null() {
    Record row = DSL.using(SQLDialect.POSTGRES).newRecord(GADGET);
    row.set(GADGET.gadgetId, UUID.randomUUID());
    row.set(GADGET.year, (short) 2026);
    row.set(GADGET.tags, new String[0]);
    row.set(GADGET.note, "no broken flag: jOOQ's insert would leave it to its DEFAULT");
    row.set(GADGET.madeAt, OffsetDateTime.now());

    assertThatThrownBy(() -> FixedStatement.everyValue(row))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("column broken was never set in the record");
  }

  @Test
  void an_update_of_chosen_columns_writes_exactly_those() {
    var id = UUID.randomUUID();
    var madeAt = OffsetDateTime.parse("2026-12-06T07:30:00Z");
    database
        .dsl()
        .insertInto(GADGET)
        .columns(GADGET.gadgetId, GADGET.year, GADGET.tags, GADGET.note, GADGET.madeAt)
        .values(id, (short) 2025, new String[] {"old"}, "before", madeAt)
        .execute();
    List<Field<?>> changeable = List.of(GADGET.note, GADGET.broken, GADGET.tags);
    FixedStatement change =
        FixedStatement.of(
            List.of("note", "broken", "tags", "id"),
            FixedStatement.updateColumns(GADGET, changeable)
                .where(GADGET.gadgetId.eq(param("id", GADGET.gadgetId.getDataType()))));
    Record changes = DSL.using(SQLDialect.POSTGRES).newRecord(GADGET);
    changes.set(GADGET.broken, true);
    changes.set(GADGET.note, null);
    changes.set(GADGET.tags, new String[] {"new", "newer"});

    Object[] values = FixedStatement.valuesOf(changes, changeable);
    database
        .transactor()
        .run(tx -> change.query(tx, results -> null, values[0], values[1], values[2], id));

    Record stored = database.dsl().selectFrom(GADGET).fetchSingle();
    assertThat(stored.get(GADGET.note)).isNull();
    assertThat(stored.get(GADGET.broken)).isTrue();
    assertThat(stored.get(GADGET.tags)).containsExactly("new", "newer");
    assertThat(stored.get(GADGET.year)).isEqualTo((short) 2025);
    assertThat(stored.get(GADGET.madeAt).toInstant()).isEqualTo(madeAt.toInstant());
  }

  @Test
  void a_record_that_set_a_column_the_update_does_not_write_is_refused() {
    Record changes = DSL.using(SQLDialect.POSTGRES).newRecord(GADGET);
    changes.set(GADGET.note, "kept");
    changes.set(GADGET.year, (short) 2027);

    assertThatThrownBy(() -> FixedStatement.valuesOf(changes, List.of(GADGET.note)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("field year was set but is not among the columns");
  }

  @Test
  void a_refused_statement_is_a_data_access_exception_with_its_sql_state() {
    FixedStatement statement =
        FixedStatement.of(
            List.of("id"),
            DSL.insertInto(ACCOUNT).columns(ACCOUNT_ID, BALANCE).values(ID, inline(0)));

    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> database.transactor().run(tx -> statement.query(tx, results -> null, 1)));

    assertThat(thrown).isInstanceOf(DataAccessException.class);
    assertThat(SqlFailures.isUniqueViolation(thrown)).isTrue();
  }

  @Test
  void bind_values_must_be_declared_named_parameters() {
    assertThatThrownBy(
            () ->
                FixedStatement.of(
                    List.of("id"),
                    DSL.select(BALANCE).from(ACCOUNT).where(ACCOUNT_ID.eq(ID)).and(BALANCE.gt(5))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a named parameter");
    assertThatThrownBy(
            () ->
                FixedStatement.of(
                    List.of(), DSL.select(BALANCE).from(ACCOUNT).where(ACCOUNT_ID.eq(ID))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parameter id is not among");
    assertThatThrownBy(
            () ->
                FixedStatement.of(
                    List.of("id", "spare"),
                    DSL.select(BALANCE).from(ACCOUNT).where(ACCOUNT_ID.eq(ID))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parameters in no statement: [spare]");
  }

  @Test
  void a_call_must_give_a_value_for_every_parameter() {
    FixedStatement statement =
        FixedStatement.of(
            List.of("id"), DSL.select(BALANCE).from(ACCOUNT).where(ACCOUNT_ID.eq(ID)));

    assertThatThrownBy(() -> database.transactor().read(tx -> statement.query(tx, results -> null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected values of [id]");
  }

  private static List<Integer> ints(ResultSet rows) throws SQLException {
    var values = new ArrayList<Integer>();
    while (rows.next()) {
      values.add(rows.getInt(1));
    }
    return values;
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
