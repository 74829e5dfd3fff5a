package dev.fieldops.invoicing.domain.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CurrencyCodeTest {

  @ParameterizedTest(name = "{0} has {1} decimal places")
  @CsvSource({
    "JPY, 0, 1",
    "KRW, 0, 1",
    "EUR, 2, 100",
    "USD, 2, 100",
    "BHD, 3, 1000",
    "KWD, 3, 1000",
    "JOD, 3, 1000"
  })
  void a_currency_knows_its_minor_unit_from_iso_4217(String code, int digits, long perUnit) {
    CurrencyCode currency = CurrencyCode.of(code);

    assertThat(currency.minorUnitDigits()).isEqualTo(digits);
    assertThat(currency.minorUnitsPerUnit()).isEqualTo(perUnit);
  }

  @ParameterizedTest(name = "\"{0}\" is refused")
  @ValueSource(strings = {"XAU", "XXX", "ABC", "eur", "Eur", "E1R", "EU", " EUR", "EURO", ""})
  void codes_without_a_minor_unit_or_unknown_to_iso_4217_are_refused(String code) {
    assertThatThrownBy(() -> CurrencyCode.of(code, "invoice.currency_code"))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("UNSUPPORTED_CURRENCY");
              assertThat(e.violations().getFirst().field()).isEqualTo("invoice.currency_code");
            });
  }
}
