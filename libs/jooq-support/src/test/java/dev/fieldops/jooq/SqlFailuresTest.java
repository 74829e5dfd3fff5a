package dev.fieldops.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;

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
  void a_server_shutting_down_or_starting_up_is_a_connection_failure_not_a_handler_failure() {
    for (String state : new String[] {"57P01", "57P02", "57P03"}) {
      assertThat(SqlFailures.isConnectionFailure(
              new RuntimeException(new SQLException("terminating connection", state))))
          .as(state).isTrue();
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
}
