package dev.fieldops.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.kernel.ConcurrencyConflictException;
import dev.fieldops.kernel.UnavailableException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlFailuresTest {

  @Test
  void a_serialization_failure_or_deadlock_deep_in_the_chain_is_retryable() {
    var serialization =
        new DataAccessException("wrapped", new SQLException("could not serialize", "40001"));
    var deadlock =
        new RuntimeException(new DataAccessException("x", new SQLException("deadlock", "40P01")));

    assertThat(SqlFailures.isRetryableConflict(serialization)).isTrue();
    assertThat(SqlFailures.isRetryableConflict(deadlock)).isTrue();
    assertThat(SqlFailures.sqlState(deadlock)).contains("40P01");
  }

  @Test
  void other_failures_are_not_retryable() {
    var duplicate = new DataAccessException("x", new SQLException("duplicate key", "23505"));

    assertThat(SqlFailures.isRetryableConflict(duplicate)).isFalse();
    assertThat(SqlFailures.isUniqueViolation(duplicate)).isTrue();
    assertThat(SqlFailures.isRetryableConflict(new IllegalStateException())).isFalse();
  }

  @Test
  void connection_class_sqlstates_and_pool_timeouts_are_connection_failures() {
    assertThat(
            SqlFailures.isConnectionFailure(
                new RuntimeException(new SQLException("refused", "08001"))))
        .isTrue();
    assertThat(
            SqlFailures.isConnectionFailure(new SQLTransientConnectionException("pool timed out")))
        .isTrue();
    assertThat(SqlFailures.isConnectionFailure(new SQLException("syntax", "42601"))).isFalse();
  }

  @Test
  void a_write_refused_by_a_standby_is_an_outage_of_the_primary_not_a_bug() {
    var readOnly =
        new DataAccessException(
            "x", new SQLException("cannot execute INSERT in a read-only transaction", "25006"));

    assertThat(SqlFailures.isConnectionFailure(readOnly)).isTrue();
    assertThat(SqlFailures.toDomainException(readOnly))
        .get()
        .isInstanceOfSatisfying(
            UnavailableException.class,
            e -> assertThat(e.reason()).isEqualTo(SqlFailures.DATABASE_UNAVAILABLE));
  }

  @Test
  void a_server_shutting_down_or_starting_up_is_a_connection_failure_not_a_handler_failure() {
    for (String state : new String[] {"57P01", "57P02", "57P03"}) {
      assertThat(
              SqlFailures.isConnectionFailure(
                  new RuntimeException(new SQLException("terminating connection", state))))
          .as(state)
          .isTrue();
    }
    assertThat(SqlFailures.isConnectionFailure(new SQLException("canceled", "57014"))).isFalse();
  }

  @Test
  void a_cause_cycle_does_not_hang_the_walk() {
    var first = new RuntimeException("first");
    var second = new RuntimeException("second", first);
    first.initCause(second);

    assertThat(SqlFailures.isConnectionFailure(first)).isFalse();
    assertThat(SqlFailures.sqlState(first)).isEmpty();
  }

  @ParameterizedTest(name = "SQLState {0} -> {1} {2}")
  @CsvSource({
    "08001, UnavailableException, DATABASE_UNAVAILABLE",
    "08006, UnavailableException, DATABASE_UNAVAILABLE",
    "57P01, UnavailableException, DATABASE_UNAVAILABLE",
    "57P02, UnavailableException, DATABASE_UNAVAILABLE",
    "57P03, UnavailableException, DATABASE_UNAVAILABLE",
    "40001, ConcurrencyConflictException, TRANSACTION_CONFLICT",
    "40P01, ConcurrencyConflictException, TRANSACTION_CONFLICT",
    "55P03, ConcurrencyConflictException, TRANSACTION_CONFLICT",
    "57014, UnavailableException, DATABASE_UNAVAILABLE"
  })
  void a_database_failure_is_named_as_a_kernel_exception(String state, String kind, String reason) {
    var failure =
        new IllegalStateException("wrapper", new SQLException("relation \"x\" ...", state));

    assertThat(SqlFailures.toDomainException(failure))
        .hasValueSatisfying(
            named -> {
              assertThat(named.getClass().getSimpleName()).isEqualTo(kind);
              assertThat(named.reason()).isEqualTo(reason);
              assertThat(named.getMessage()).doesNotContain("relation");
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"23505", "42P01", "22P02"})
  void other_database_failures_are_not_named(String state) {
    assertThat(SqlFailures.toDomainException(new SQLException("boom", state))).isEmpty();
    assertThat(SqlFailures.toDomainException(new IllegalStateException("no SQL"))).isEmpty();
  }

  @Test
  void an_exhausted_connection_pool_is_unavailable_and_says_it_was_busy() {
    var poolTimeout = new SQLTransientConnectionException("HikariPool-1 - Connection timeout");

    assertThat(SqlFailures.toDomainException(new RuntimeException(poolTimeout)))
        .hasValueSatisfying(
            named -> {
              assertThat(named).isInstanceOf(UnavailableException.class);
              assertThat(named.reason()).isEqualTo(SqlFailures.DATABASE_UNAVAILABLE);
              assertThat(named.getMessage())
                  .isEqualTo("no database connection was free in time; retry later");
            });
  }

  @Test
  void a_pool_timeout_after_failures_to_connect_says_the_database_is_unavailable() {
    var refused = new SQLException("Connection to 127.0.0.1:5432 refused", "08001");
    var poolTimeout =
        new SQLTransientConnectionException("HikariPool-1 - Connection timeout", "08001", refused);

    assertThat(SqlFailures.toDomainException(poolTimeout))
        .hasValueSatisfying(
            named ->
                assertThat(named.getMessage())
                    .isEqualTo("the database is unavailable; retry later"));
  }

  @Test
  void a_chained_next_exception_of_a_batch_is_inspected_and_unavailability_wins() {
    BatchUpdateException batch = new BatchUpdateException("batch failed", "40001", new int[0]);
    batch.setNextException(new SQLException("terminating connection", "57P01"));

    assertThat(SqlFailures.toDomainException(batch)).containsInstanceOf(UnavailableException.class);
  }

  @Test
  void lock_not_available_is_a_conflict_but_not_retried_by_the_transactor() {
    var lockTimeout = new SQLException("canceling statement due to lock timeout", "55P03");

    assertThat(SqlFailures.toDomainException(lockTimeout))
        .containsInstanceOf(ConcurrencyConflictException.class);
    assertThat(SqlFailures.isRetryableConflict(lockTimeout)).isFalse();
  }

  @Test
  void a_cause_cycle_does_not_loop() {
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b);

    assertThat(SqlFailures.toDomainException(a)).isEmpty();
  }
}
