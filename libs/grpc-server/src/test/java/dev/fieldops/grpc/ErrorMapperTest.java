package dev.fieldops.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.NotFoundException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {

  private final ErrorMapper mapper = new ErrorMapper("support.fieldops.dev");

  @ParameterizedTest(name = "SQLState {0} -> {1}")
  @CsvSource({
    "08001, UNAVAILABLE, DATABASE_UNAVAILABLE",
    "08006, UNAVAILABLE, DATABASE_UNAVAILABLE",
    "57P01, UNAVAILABLE, DATABASE_UNAVAILABLE",
    "57P03, UNAVAILABLE, DATABASE_UNAVAILABLE",
    "40001, ABORTED, TRANSACTION_CONFLICT",
    "40P01, ABORTED, TRANSACTION_CONFLICT",
    "23505, INTERNAL, INTERNAL",
    "42P01, INTERNAL, INTERNAL"
  })
  void database_failures_map_by_sql_state(String state, Status.Code code, String reason) {
    StatusRuntimeException mapped = mapper.toStatusException(
        new IllegalStateException("wrapper", new SQLException("relation \"x\" ...", state)));

    assertThat(mapped.getStatus().getCode()).isEqualTo(code);
    assertThat(InterceptorChainTest.errorInfo(mapped).getReason()).isEqualTo(reason);
    assertThat(InterceptorChainTest.errorInfo(mapped).getDomain())
        .isEqualTo("support.fieldops.dev");
    assertThat(mapped.getStatus().getDescription()).doesNotContain("relation");
  }

  @Test
  void an_exhausted_connection_pool_is_unavailable() {
    StatusRuntimeException mapped = mapper.toStatusException(new RuntimeException(
        new SQLTransientConnectionException("HikariPool-1 - Connection is not available")));

    assertThat(mapped.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void a_chained_next_exception_of_a_batch_is_inspected_too() {
    BatchUpdateException batch = new BatchUpdateException("batch failed", "", new int[0]);
    batch.setNextException(new SQLException("terminating connection", "57P01"));

    assertThat(mapper.toStatusException(batch).getStatus().getCode())
        .isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void a_wrapped_domain_exception_keeps_its_own_status() {
    StatusRuntimeException mapped = mapper.toStatusException(
        new CompletionException(NotFoundException.of("ticket", "t-9")));

    assertThat(mapped.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(InterceptorChainTest.errorInfo(mapped).getMetadataMap())
        .containsEntry("ticket_id", "t-9");
  }

  @Test
  void a_cause_cycle_does_not_loop() {
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b);

    assertThat(mapper.toStatusException(a).getStatus().getCode())
        .isEqualTo(Status.Code.INTERNAL);
  }

  @Test
  void the_error_domain_must_look_like_a_domain() {
    assertThatThrownBy(() -> new ErrorMapper("Support Team"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void an_error_with_thousands_of_violations_stays_small_enough_for_any_client() {
    java.util.List<dev.fieldops.kernel.InvalidInputException.FieldViolation> many =
        new java.util.ArrayList<>();
    String emoji = "\uD83D\uDE00";
    for (int i = 0; i < 10_000; i++) {
      many.add(new dev.fieldops.kernel.InvalidInputException.FieldViolation(
          "invoice.lines[" + i + "].description", emoji.repeat(1_000)));
    }

    StatusRuntimeException mapped = mapper.toStatusException(
        new dev.fieldops.kernel.InvalidInputException("INVALID_LINE", many));

    com.google.rpc.Status rich = io.grpc.protobuf.StatusProto.fromThrowable(mapped);
    assertThat(rich.getSerializedSize()).isLessThan(4_096);
    assertThat(io.grpc.InternalMetadata.serialize(mapped.getTrailers()))
        .satisfies(entries -> assertThat(java.util.Arrays.stream(entries).mapToInt(e -> e.length + 16)
            .sum()).isLessThan(6_144));
    var violations = InterceptorChainTest.badRequest(mapped).getFieldViolationsList();
    assertThat(violations.getFirst().getField()).isEqualTo("invoice.lines[0].description");
    assertThat(violations.getFirst().getDescription().codePointCount(0,
        violations.getFirst().getDescription().length())).isEqualTo(ErrorMapper.MAX_TEXT_CHARACTERS);
    assertThat(violations.getLast().getDescription()).endsWith("more violations left out");
    assertThat(mapped.getStatus().getDescription().codePointCount(0,
        mapped.getStatus().getDescription().length()))
        .isLessThanOrEqualTo(ErrorMapper.MAX_TEXT_CHARACTERS);
  }
}
