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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
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
    database.dsl().execute("TRUNCATE account, entry");
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
