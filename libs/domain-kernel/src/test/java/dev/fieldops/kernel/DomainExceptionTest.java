package dev.fieldops.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DomainExceptionTest {

  @Test
  void a_reason_must_be_upper_snake_case() {
    assertThatThrownBy(() -> new RuleViolationException("ticket closed", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void not_found_names_the_resource_and_its_id() {
    var e = NotFoundException.of("ticket", "t-1");
    assertThat(e.reason()).isEqualTo("TICKET_NOT_FOUND");
    assertThat(e.metadata()).containsEntry("ticket_id", "t-1");
  }

  @Test
  void invalid_input_needs_at_least_one_field() {
    assertThatThrownBy(() -> new InvalidInputException("BAD", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(
            InvalidInputException.of("CURRENCY_MISMATCH", "line.unit_price", "must be EUR")
                .getMessage())
        .isEqualTo("line.unit_price: must be EUR");
  }
}
