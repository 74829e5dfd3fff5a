package dev.fieldops.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.fieldops.kernel.RuleViolationException;
import dev.fieldops.kernel.UnavailableException;
import dev.fieldops.test.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.Isolation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TransactorIT {

  private static TestDatabase testDatabase;
  private static Database database;
  private static Transactor transactor;

  @BeforeAll
  static void startDatabase() {
    testDatabase = TestDatabase.create();
    database =
        Database.start(
            DatabaseConfig.forUrl(
                    testDatabase.jdbcUrl(), testDatabase.username(), testDatabase.password())
                .withMaximumPoolSize(4),
            List.of());
    transactor = database.transactor();
    database.dsl().execute("CREATE TABLE note (body text PRIMARY KEY)");
    database
        .dsl()
        .execute("CREATE TABLE on_call (doctor text PRIMARY KEY, on_call boolean NOT NULL)");
    database
        .dsl()
        .execute("CREATE TABLE account (account_id int PRIMARY KEY, balance int NOT NULL)");
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
  void emptyTables() {
    database.dsl().execute("TRUNCATE note, on_call, account");
  }

  @Test
  void a_statement_past_its_timeout_is_the_database_not_answering_in_time_not_a_bug() {
    Throwable failure =
        catchThrowable(
            () ->
                transactor.inTransaction(
                    tx -> {
                      tx.execute("SET LOCAL statement_timeout = '100ms'");
                      return tx.fetchValue("SELECT pg_sleep(5)::text");
                    }));

    assertThat(SqlFailures.sqlState(failure)).contains(SqlFailures.QUERY_CANCELED);
    assertThat(SqlFailures.toDomainException(failure))
        .get()
        .isInstanceOfSatisfying(
            UnavailableException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SqlFailures.DATABASE_UNAVAILABLE);
              assertThat(e.getMessage()).contains("did not finish a statement in time");
            });
  }

  @Test
  void work_commits_as_one_transaction_and_returns_its_result() {
    int written =
        transactor.inTransaction(
            tx -> {
              tx.execute("INSERT INTO note VALUES ('a')");
              return tx.execute("INSERT INTO note VALUES ('b')");
            });

    assertThat(written).isEqualTo(1);
    assertThat(notes()).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void a_failure_rolls_back_everything_the_work_wrote() {
    assertThatThrownBy(
            () ->
                transactor.run(
                    tx -> {
                      tx.execute("INSERT INTO note VALUES ('lost')");
                      throw new RuleViolationException("TICKET_ALREADY_CLOSED", "closed");
                    }))
        .isInstanceOf(RuleViolationException.class);

    assertThat(notes()).isEmpty();
  }

  @Test
  void a_nested_call_joins_the_open_transaction() {
    transactor.run(
        outer ->
            transactor.run(
                inner -> {
                  assertThat(inner).isSameAs(outer);
                  assertThat(transactor.current()).containsSame(outer);
                  assertThat(
                          Sql.value(inner, Long.class, "SELECT pg_current_xact_id()::text::bigint"))
                      .isEqualTo(
                          Sql.value(
                              outer, Long.class, "SELECT pg_current_xact_id()::text::bigint"));
                }));
  }

  @Test
  void a_rollback_of_the_outer_call_undoes_what_the_nested_call_wrote() {
    assertThatThrownBy(
            () ->
                transactor.run(
                    outer -> {
                      outer.execute("INSERT INTO note VALUES ('outer')");
                      transactor.run(inner -> inner.execute("INSERT INTO note VALUES ('inner')"));
                      // The nested call returned: it did not commit on its own.
                      assertThat(committedNotes()).isEmpty();
                      throw new IllegalStateException("outer fails after the inner call returned");
                    }))
        .isInstanceOf(IllegalStateException.class);

    assertThat(notes()).isEmpty();
  }

  @Test
  void a_failure_under_a_savepoint_undoes_only_its_own_writes_and_the_transaction_goes_on() {
    transactor.run(
        tx -> {
          tx.execute("INSERT INTO note VALUES ('before')");
          assertThatThrownBy(
                  () ->
                      transactor.joinedUnderSavepoint(
                          inner -> {
                            inner.execute("INSERT INTO note VALUES ('undone')");
                            return inner.execute("INSERT INTO note VALUES ('before')");
                          }))
              .satisfies(e -> assertThat(SqlFailures.isUniqueViolation(e)).isTrue());
          tx.execute("INSERT INTO note VALUES ('after')");
        });

    assertThat(notes()).containsExactly("after", "before");
  }

  @Test
  void a_connection_lost_under_a_savepoint_is_reported_as_the_outage_not_as_the_failed_rollback() {
    Throwable thrown =
        catchThrowable(
            () ->
                transactor.run(
                    tx ->
                        transactor.joinedUnderSavepoint(
                            inner ->
                                inner.execute("SELECT pg_terminate_backend(pg_backend_pid())"))));

    assertThat(thrown).isNotNull();
    assertThat(SqlFailures.isConnectionFailure(thrown))
        .as("the outage, not the rollback that failed after it: %s", thrown)
        .isTrue();
    assertThat(thrown.getSuppressed()).as("the failed rollback to the savepoint").isNotEmpty();
  }

  @Test
  void there_is_no_current_transaction_outside_work() {
    assertThat(transactor.current()).isEmpty();
    transactor.run(tx -> assertThat(transactor.current()).isPresent());
    assertThat(transactor.current()).isEmpty();
  }

  @Test
  void a_joined_write_runs_in_the_open_transaction_and_rolls_back_with_it() {
    assertThatThrownBy(
            () ->
                transactor.run(
                    tx -> {
                      transactor.joinedRun(
                          joined -> joined.execute("INSERT INTO note VALUES ('a')"));
                      assertThat((Object) transactor.joined(joined -> joined)).isSameAs(tx);
                      throw new IllegalStateException("boom");
                    }))
        .hasMessage("boom");

    assertThat(notes()).isEmpty();
  }

  @Test
  void a_joined_write_outside_a_transaction_fails_loudly_and_writes_nothing() {
    assertThatThrownBy(
            () -> transactor.joinedRun(tx -> tx.execute("INSERT INTO note VALUES ('a')")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("none is open on this thread");
    assertThatThrownBy(() -> transactor.joined(tx -> tx.execute("INSERT INTO note VALUES ('b')")))
        .isInstanceOf(IllegalStateException.class);

    assertThat(notes()).isEmpty();
  }

  @Test
  void a_read_sees_the_open_transaction_and_runs_without_one_too() {
    transactor.run(
        tx -> {
          tx.execute("INSERT INTO note VALUES ('uncommitted')");
          assertThat(
                  transactor
                      .<Integer>read(read -> read.fetchCount(read.selectFrom("note")))
                      .intValue())
              .isEqualTo(1);
        });

    assertThat(
            transactor.<Integer>read(read -> read.fetchCount(read.selectFrom("note"))).intValue())
        .isEqualTo(1);
    assertThat(transactor.current()).isEmpty();
  }

  @Test
  void a_transaction_of_another_transactor_is_not_joined() {
    var other = new Transactor(database.dsl());

    transactor.run(tx -> assertThat(other.current()).isEmpty());
  }

  @Test
  void after_commit_callbacks_run_once_the_data_is_visible_to_others_in_order() {
    List<String> seenByCallbacks = new CopyOnWriteArrayList<>();

    transactor.run(
        tx -> {
          tx.execute("INSERT INTO note VALUES ('committed')");
          transactor.afterCommit(() -> seenByCallbacks.add("first saw " + committedNotes()));
          transactor.run(inner -> transactor.afterCommit(() -> seenByCallbacks.add("second")));
          assertThat(seenByCallbacks).isEmpty();
        });

    assertThat(seenByCallbacks).containsExactly("first saw [committed]", "second");
  }

  @Test
  void after_commit_callbacks_are_dropped_on_rollback() {
    AtomicInteger ran = new AtomicInteger();

    assertThatThrownBy(
            () ->
                transactor.run(
                    tx -> {
                      transactor.afterCommit(ran::incrementAndGet);
                      tx.execute("INSERT INTO note VALUES ('x')");
                      tx.execute("INSERT INTO note VALUES ('x')");
                    }))
        .satisfies(e -> assertThat(SqlFailures.isUniqueViolation(e)).isTrue());

    assertThat(ran).hasValue(0);
  }

  @Test
  void a_failing_after_commit_callback_neither_undoes_the_commit_nor_stops_the_others() {
    AtomicInteger ran = new AtomicInteger();

    transactor.run(
        tx -> {
          tx.execute("INSERT INTO note VALUES ('kept')");
          transactor.afterCommit(
              () -> {
                throw new IllegalStateException("relay is gone");
              });
          transactor.afterCommit(ran::incrementAndGet);
        });

    assertThat(ran).hasValue(1);
    assertThat(notes()).containsExactly("kept");
  }

  @Test
  void after_commit_needs_an_open_transaction() {
    assertThatThrownBy(() -> transactor.afterCommit(() -> {}))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void serializable_work_runs_serializable_and_the_pool_forgets_it_afterwards() {
    String inside =
        transactor.inTransaction(
            Isolation.SERIALIZABLE,
            tx -> Sql.value(tx, String.class, "SHOW transaction_isolation"));
    String after =
        transactor.inTransaction(tx -> Sql.value(tx, String.class, "SHOW transaction_isolation"));

    assertThat(inside).isEqualTo("serializable");
    assertThat(after).isEqualTo("read committed");
  }

  @Test
  void serializable_work_cannot_join_a_weaker_transaction() {
    assertThatThrownBy(
            () -> transactor.run(outer -> transactor.run(Isolation.SERIALIZABLE, inner -> {})))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void a_write_skew_between_serializable_transactions_is_retried_until_it_commits_consistently()
      throws Exception {
    database.dsl().execute("INSERT INTO on_call VALUES ('alice', true), ('bob', true)");
    // Both doctors first see two on call, then each goes off call: only one may succeed at once.
    CyclicBarrier bothHaveRead = new CyclicBarrier(2);
    AtomicInteger attempts = new AtomicInteger();
    AtomicInteger commits = new AtomicInteger();

    try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
      List<CompletableFuture<Void>> doctors = new ArrayList<>();
      for (String doctor : List.of("alice", "bob")) {
        doctors.add(
            CompletableFuture.runAsync(
                () -> goOffCallIfSomeoneElseIsOn(doctor, bothHaveRead, attempts, commits),
                threads));
      }
      CompletableFuture.allOf(doctors.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    }

    assertThat(attempts.get()).as("work attempts of two transactions").isGreaterThan(2);
    assertThat(commits).hasValue(2);
    assertThat(Sql.value(database.dsl(), Long.class, "SELECT count(*) FROM on_call WHERE on_call"))
        .isEqualTo(1L);
  }

  private static void goOffCallIfSomeoneElseIsOn(
      String doctor, CyclicBarrier bothHaveRead, AtomicInteger attempts, AtomicInteger commits) {
    AtomicInteger myAttempts = new AtomicInteger();
    transactor.run(
        Isolation.SERIALIZABLE,
        tx -> {
          attempts.incrementAndGet();
          long onCall = Sql.value(tx, Long.class, "SELECT count(*) FROM on_call WHERE on_call");
          if (myAttempts.incrementAndGet() == 1) {
            await(bothHaveRead);
          }
          if (onCall >= 2) {
            tx.execute("UPDATE on_call SET on_call = false WHERE doctor = ?", doctor);
          }
          transactor.afterCommit(commits::incrementAndGet);
        });
  }

  @Test
  void a_deadlock_victim_is_retried_and_both_transfers_commit() throws Exception {
    database.dsl().execute("INSERT INTO account VALUES (1, 100), (2, 100)");
    CyclicBarrier bothHoldTheirFirstLock = new CyclicBarrier(2);
    AtomicInteger attempts = new AtomicInteger();

    try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
      var oneToTwo =
          CompletableFuture.runAsync(
              () -> transfer(1, 2, 10, bothHoldTheirFirstLock, attempts), threads);
      var twoToOne =
          CompletableFuture.runAsync(
              () -> transfer(2, 1, 30, bothHoldTheirFirstLock, attempts), threads);
      CompletableFuture.allOf(oneToTwo, twoToOne).get(30, TimeUnit.SECONDS);
    }

    assertThat(attempts).hasValue(3);
    assertThat(
            Sql.values(
                database.dsl(), Integer.class, "SELECT balance FROM account ORDER BY account_id"))
        .containsExactly(120, 80);
  }

  private static void transfer(
      int from, int to, int amount, CyclicBarrier bothHoldTheirFirstLock, AtomicInteger attempts) {
    AtomicInteger myAttempts = new AtomicInteger();
    transactor.run(
        tx -> {
          attempts.incrementAndGet();
          tx.execute("UPDATE account SET balance = balance - ? WHERE account_id = ?", amount, from);
          if (myAttempts.incrementAndGet() == 1) {
            await(bothHoldTheirFirstLock);
          }
          tx.execute("UPDATE account SET balance = balance + ? WHERE account_id = ?", amount, to);
        });
  }

  @Test
  void a_conflict_that_keeps_coming_back_is_rethrown_after_the_bounded_attempts() {
    AtomicInteger attempts = new AtomicInteger();
    var limited = new Transactor(database.dsl(), 3);

    assertThatThrownBy(
            () ->
                limited.run(
                    tx -> {
                      attempts.incrementAndGet();
                      tx.execute(
                          "DO $$ BEGIN RAISE EXCEPTION 'always conflicting' USING ERRCODE ="
                              + " '40001'; END $$");
                    }))
        .satisfies(e -> assertThat(SqlFailures.sqlState(e)).contains("40001"));

    assertThat(attempts).hasValue(3);
  }

  @Test
  void a_nested_call_leaves_the_retry_to_the_outermost_call() {
    AtomicInteger outerAttempts = new AtomicInteger();
    AtomicInteger innerAttempts = new AtomicInteger();

    assertThatThrownBy(
            () ->
                transactor.run(
                    outer -> {
                      outerAttempts.incrementAndGet();
                      transactor.run(
                          inner -> {
                            innerAttempts.incrementAndGet();
                            inner.execute(
                                "DO $$ BEGIN RAISE EXCEPTION 'deadlock' USING ERRCODE = '40P01';"
                                    + " END $$");
                          });
                    }))
        .satisfies(e -> assertThat(SqlFailures.isRetryableConflict(e)).isTrue());

    assertThat(outerAttempts).hasValue(Transactor.DEFAULT_MAX_ATTEMPTS);
    assertThat(innerAttempts).hasValue(Transactor.DEFAULT_MAX_ATTEMPTS);
  }

  @Test
  void other_failures_are_not_retried() {
    AtomicInteger attempts = new AtomicInteger();

    assertThatThrownBy(
            () ->
                transactor.run(
                    tx -> {
                      attempts.incrementAndGet();
                      tx.execute("INSERT INTO note VALUES ('dup'), ('dup')");
                    }))
        .satisfies(e -> assertThat(SqlFailures.isUniqueViolation(e)).isTrue());

    assertThat(attempts).hasValue(1);
  }

  private static List<String> notes() {
    return Sql.values(database.dsl(), String.class, "SELECT body FROM note ORDER BY body");
  }

  /** Read through the pool, outside any open transaction: only committed rows. */
  private static List<String> committedNotes() {
    return notes();
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the other transaction never got there", e);
    }
  }
}
