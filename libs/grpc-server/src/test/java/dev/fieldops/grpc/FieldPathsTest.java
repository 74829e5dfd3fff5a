package dev.fieldops.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.InvalidInputException.FieldViolation;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FieldPathsTest {

  private static final Set<String> REQUEST_FIELDS = Set.of("request_id", "update_mask");

  @Test
  void fields_of_the_resource_are_reported_under_its_request_path() {
    var thrown =
        catchInvalid(
            () ->
                FieldPaths.underResource(
                    "invoice.",
                    REQUEST_FIELDS,
                    () -> {
                      throw new InvalidInputException(
                          "INVALID_LINE",
                          List.of(
                              new FieldViolation("lines[2].unit_price", "must be positive"),
                              new FieldViolation("update_mask", "names an unknown field"),
                              new FieldViolation("invoice.currency", "unknown")));
                    }));

    assertThat(thrown.reason()).isEqualTo("INVALID_LINE");
    assertThat(thrown.violations())
        .extracting(FieldViolation::field)
        .containsExactly("invoice.lines[2].unit_price", "update_mask", "invoice.currency");
    assertThat(thrown.violations().getFirst().description()).isEqualTo("must be positive");
  }

  @Test
  void work_that_succeeds_answers_unchanged() {
    assertThat(FieldPaths.underResource("ticket.", REQUEST_FIELDS, () -> 42)).isEqualTo(42);
  }

  @Test
  void a_resource_path_without_its_dot_is_refused() {
    assertThatThrownBy(
            () ->
                FieldPaths.prefixed(
                    InvalidInputException.of("R", "subject", "blank"), "ticket", REQUEST_FIELDS))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static InvalidInputException catchInvalid(Runnable call) {
    try {
      call.run();
    } catch (InvalidInputException e) {
      return e;
    }
    throw new AssertionError("no InvalidInputException was thrown");
  }
}
