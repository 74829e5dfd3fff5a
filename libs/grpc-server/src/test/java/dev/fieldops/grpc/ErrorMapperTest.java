package dev.fieldops.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.AbandonedException;
import dev.fieldops.kernel.ConcurrencyConflictException;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.UnavailableException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorMapperTest {

  private final ErrorMapper mapper = new ErrorMapper("support.fieldops.dev");

  /** Stands in for the persistence library: names a failure by the text of its innermost cause. */
  private static final FailureTranslation NAMES_BY_CAUSE =
      failure -> {
        Throwable root = failure;
        while (root.getCause() != null) {
          root = root.getCause();
        }
        return switch (root.getMessage()) {
          case "connection lost" ->
              Optional.of(
                  new UnavailableException(
                      "DATABASE_UNAVAILABLE",
                      "the database is unavailable; retry later",
                      Map.of()));
          case "could not serialize" ->
              Optional.of(
                  new ConcurrencyConflictException(
                      "TRANSACTION_CONFLICT",
                      "the change conflicted with a concurrent one; retry",
                      Map.of()));
          default -> Optional.empty();
        };
      };

  private final ErrorMapper translating = new ErrorMapper("support.fieldops.dev", NAMES_BY_CAUSE);

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "connection lost, UNAVAILABLE, DATABASE_UNAVAILABLE",
    "could not serialize, ABORTED, TRANSACTION_CONFLICT",
    "relation \"x\" does not exist, INTERNAL, INTERNAL"
  })
  void platform_failures_map_as_the_kernel_exception_they_are_named(
      String cause, Status.Code code, String reason) {
    StatusRuntimeException mapped =
        translating.toStatusException(
            new IllegalStateException("wrapper", new RuntimeException(cause)));

    assertThat(mapped.getStatus().getCode()).isEqualTo(code);
    assertThat(InterceptorChainTest.errorInfo(mapped).getReason()).isEqualTo(reason);
    assertThat(InterceptorChainTest.errorInfo(mapped).getDomain())
        .isEqualTo("support.fieldops.dev");
    assertThat(mapped.getStatus().getDescription()).doesNotContain(cause);
  }

  @Test
  void without_a_translation_a_platform_failure_is_internal() {
    StatusRuntimeException mapped =
        mapper.toStatusException(
            new IllegalStateException("wrapper", new RuntimeException("connection lost")));

    assertThat(mapped.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
  }

  @Test
  void an_unavailable_exception_is_unavailable_with_its_reason() {
    StatusRuntimeException mapped =
        mapper.toStatusException(
            new UnavailableException("DATABASE_UNAVAILABLE", "retry later", Map.of()));

    assertThat(mapped.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(InterceptorChainTest.errorInfo(mapped).getReason())
        .isEqualTo("DATABASE_UNAVAILABLE");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"DEADLINE_PASSED, DEADLINE_EXCEEDED", "CANCELLED, CANCELLED"})
  void an_abandoned_command_ends_the_call_as_its_caller_left_it(
      AbandonedException.Why why, Status.Code code) {
    StatusRuntimeException mapped =
        mapper.toStatusException(new AbandonedException(why, "nothing was changed"));

    assertThat(mapped.getStatus().getCode()).isEqualTo(code);
    assertThat(InterceptorChainTest.errorInfo(mapped).getReason())
        .isEqualTo(
            why == AbandonedException.Why.DEADLINE_PASSED ? "DEADLINE_PASSED" : "CALL_CANCELLED");
  }

  @Test
  void a_wrapped_domain_exception_keeps_its_own_status() {
    StatusRuntimeException mapped =
        mapper.toStatusException(new CompletionException(NotFoundException.of("ticket", "t-9")));

    assertThat(mapped.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(InterceptorChainTest.errorInfo(mapped).getMetadataMap())
        .containsEntry("ticket_id", "t-9");
  }

  @Test
  void a_cause_cycle_does_not_loop() {
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b);

    assertThat(mapper.toStatusException(a).getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
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
      many.add(
          new dev.fieldops.kernel.InvalidInputException.FieldViolation(
              "invoice.lines[" + i + "].description", emoji.repeat(1_000)));
    }

    StatusRuntimeException mapped =
        mapper.toStatusException(
            new dev.fieldops.kernel.InvalidInputException("INVALID_LINE", many));

    com.google.rpc.Status rich = io.grpc.protobuf.StatusProto.fromThrowable(mapped);
    assertThat(rich.getSerializedSize()).isLessThan(4_096);
    assertThat(io.grpc.InternalMetadata.serialize(mapped.getTrailers()))
        .satisfies(
            entries ->
                assertThat(java.util.Arrays.stream(entries).mapToInt(e -> e.length + 16).sum())
                    .isLessThan(6_144));
    var violations = InterceptorChainTest.badRequest(mapped).getFieldViolationsList();
    assertThat(violations.getFirst().getField()).isEqualTo("invoice.lines[0].description");
    assertThat(
            violations
                .getFirst()
                .getDescription()
                .codePointCount(0, violations.getFirst().getDescription().length()))
        .isEqualTo(ErrorMapper.MAX_TEXT_CHARACTERS);
    assertThat(violations.getLast().getDescription()).endsWith("more violations left out");
    assertThat(
            mapped
                .getStatus()
                .getDescription()
                .codePointCount(0, mapped.getStatus().getDescription().length()))
        .isLessThanOrEqualTo(ErrorMapper.MAX_TEXT_CHARACTERS);
  }
}
