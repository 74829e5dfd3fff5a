package dev.fieldops.invoicing.domain.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QuantityUnitTest {

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {
        "minute",
        "device-month",
        "h",
        "m²",
        "Stück",
        "kWh",
        "12345678901234567890123456789012"
      })
  void a_unit_is_whatever_short_printable_text_billing_counts_in(String unit) {
    assertThat(QuantityUnit.of(unit, "line.unit").value()).isEqualTo(unit);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "  ", "min\nute", "tab\t", "123456789012345678901234567890123"})
  void a_unit_that_is_blank_too_long_or_has_control_characters_is_refused_on_its_field(
      String unit) {
    assertThatThrownBy(() -> QuantityUnit.of(unit, "invoice.lines[2].unit"))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("INVALID_UNIT");
              assertThat(e.violations().getFirst().field()).isEqualTo("invoice.lines[2].unit");
            });
  }

  @ParameterizedTest(name = "{0} characters")
  @ValueSource(ints = {1, 32})
  void a_unit_counts_characters_not_utf16_units(int characters) {
    String ofEmoji = "\uD83D\uDCE6".repeat(characters);

    assertThat(QuantityUnit.of(ofEmoji, "line.unit").value()).isEqualTo(ofEmoji);
  }
}
