package dev.fieldops.invoicing.domain.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.InvalidInputException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantityTest {

  @ParameterizedTest(name = "\"{0}\" is {1} thousandths, printed {2}")
  @CsvSource({
    "1.5, 1500, 1.5",
    "42, 42000, 42",
    "0.001, 1, 0.001",
    "2.500, 2500, 2.5",
    "1000000000, 1000000000000, 1000000000"
  })
  void reads_decimal_quantities_exactly(String text, long thousandths, String printed) {
    Quantity quantity = Quantity.parse(text, "line.quantity");

    assertThat(quantity.thousandths()).isEqualTo(thousandths);
    assertThat(quantity).hasToString(printed);
    assertThat(Quantity.parse(quantity.toString(), "q")).isEqualTo(quantity);
  }

  @ParameterizedTest(name = "\"{0}\" is refused")
  @ValueSource(strings = {"0", "0.000", "-1", "1.0005", "abc", "1e3", "", "1000000000.001"})
  void refuses_quantities_that_are_not_positive_or_finer_than_a_thousandth(String text) {
    assertThatThrownBy(() -> Quantity.parse(text, "line.quantity"))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("INVALID_QUANTITY");
              assertThat(e.violations().getFirst().field()).isEqualTo("line.quantity");
            });
  }

  @Test
  void a_trailing_zero_beyond_three_decimals_is_still_exact() {
    assertThat(Quantity.of(new BigDecimal("1.2500"), "q")).isEqualTo(new Quantity(1250));
  }
}
