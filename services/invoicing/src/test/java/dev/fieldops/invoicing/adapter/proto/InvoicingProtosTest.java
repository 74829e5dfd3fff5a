package dev.fieldops.invoicing.adapter.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.invoicing.domain.money.Money;
import dev.fieldops.kernel.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InvoicingProtosTest {

  @ParameterizedTest(name = "{0} {1}.{2} is {3} minor units and back")
  @CsvSource({
    "EUR, 12, 340000000, 1234",
    "EUR, 0, 10000000, 1",
    "JPY, 500, 0, 500",
    "KWD, 1, 255000000, 1255",
    "KWD, 0, 1000000, 1",
  })
  void money_on_the_wire_is_exact_minor_units(String currency, long units, int nanos, long minor) {
    var wire =
        com.google.type.Money.newBuilder()
            .setCurrencyCode(currency)
            .setUnits(units)
            .setNanos(nanos)
            .build();

    Money amount = InvoicingProtos.money(wire, "amount");

    assertThat(amount).isEqualTo(Money.ofMinor(currency, minor));
    assertThat(InvoicingProtos.money(amount)).isEqualTo(wire);
  }

  @ParameterizedTest(name = "{0} {1}.{2} is finer than the currency allows")
  @CsvSource({"EUR, 1, 5000000", "JPY, 1, 500000000", "KWD, 0, 100000"})
  void a_fraction_finer_than_the_minor_unit_is_refused_naming_the_field(
      String currency, long units, int nanos) {
    var wire =
        com.google.type.Money.newBuilder()
            .setCurrencyCode(currency)
            .setUnits(units)
            .setNanos(nanos)
            .build();

    assertThatThrownBy(() -> InvoicingProtos.money(wire, "line.unit_price"))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("PRECISION_EXCEEDS_CURRENCY");
              assertThat(e.violations().getFirst().field()).isEqualTo("line.unit_price");
            });
  }

  @ParameterizedTest(name = "currency {0} is refused")
  @CsvSource({"EURO", "XAU", "eur"})
  void an_unusable_currency_is_refused_on_the_currency_code(String currency) {
    var wire = com.google.type.Money.newBuilder().setCurrencyCode(currency).setUnits(1).build();

    assertThatThrownBy(() -> InvoicingProtos.money(wire, "amount"))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.violations().getFirst().field()).isEqualTo("amount.currency_code"));
  }
}
