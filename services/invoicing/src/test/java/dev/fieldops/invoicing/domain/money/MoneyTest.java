package dev.fieldops.invoicing.domain.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.InvalidInputException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoneyTest {

  private static final CurrencyCode EUR = CurrencyCode.of("EUR");
  private static final CurrencyCode USD = CurrencyCode.of("USD");
  private static final CurrencyCode JPY = CurrencyCode.of("JPY");
  private static final CurrencyCode KWD = CurrencyCode.of("KWD");

  @ParameterizedTest(name = "{0} {1} minor units = {2} units + {3} nanos")
  @CsvSource({
    "EUR, 1234, 12, 340000000",
    "EUR, 5, 0, 50000000",
    "EUR, -1234, -12, -340000000",
    "EUR, -5, 0, -50000000",
    "JPY, 500, 500, 0",
    "KWD, 1234, 1, 234000000",
    "KWD, -1, 0, -1000000",
    "USD, 0, 0, 0"
  })
  void converts_exactly_to_and_from_the_units_and_nanos_of_google_type_money(
      String code, long minor, long units, int nanos) {
    Money money = Money.ofMinor(code, minor);

    assertThat(money.units()).isEqualTo(units);
    assertThat(money.nanos()).isEqualTo(nanos);
    assertThat(Money.ofUnitsAndNanos(code, units, nanos, "amount")).isEqualTo(money);
  }

  @ParameterizedTest(name = "{0} {1}.{2} is finer than the currency allows")
  @CsvSource({"EUR, 1, 5000000", "EUR, 0, 1", "JPY, 10, 500000000", "KWD, 0, 100000"})
  void refuses_an_amount_finer_than_the_currencys_minor_unit_instead_of_rounding_it(
      String code, long units, int nanos) {
    assertThatThrownBy(() -> Money.ofUnitsAndNanos(code, units, nanos, "payment.amount"))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("PRECISION_EXCEEDS_CURRENCY");
              assertThat(e.violations().getFirst().field()).isEqualTo("payment.amount");
              assertThat(e.getMessage()).contains(code).contains("decimal places");
            });
  }

  @Test
  void refuses_units_and_nanos_of_opposite_signs_or_nanos_out_of_range() {
    assertThatThrownBy(() -> Money.ofUnitsAndNanos(EUR, 1, -500_000_000, "amount"))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.reason()).isEqualTo("INVALID_MONEY"));
    assertThatThrownBy(() -> Money.ofUnitsAndNanos(EUR, 1, 1_000_000_000, "amount"))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.violations().getFirst().field()).isEqualTo("amount.nanos"));
  }

  @Test
  void refuses_an_unknown_currency_code_on_the_wire_naming_the_field() {
    assertThatThrownBy(() -> Money.ofUnitsAndNanos("XAU", 1, 0, "line.unit_price"))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e ->
                assertThat(e.violations().getFirst().field())
                    .isEqualTo("line.unit_price.currency_code"));
  }

  @Test
  void refuses_to_add_or_compare_amounts_of_different_currencies_naming_the_callers_field() {
    Money euros = Money.ofMinor(EUR, 100);
    Money dollars = Money.ofMinor(USD, 100);

    assertThatThrownBy(() -> euros.plus(dollars, "lines[1].unit_price"))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("CURRENCY_MISMATCH");
              assertThat(e.violations().getFirst().field()).isEqualTo("lines[1].unit_price");
              assertThat(e.getMessage()).contains("must be in EUR, not USD");
            });
    assertThatThrownBy(() -> euros.minus(dollars, "amount"))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> euros.exceeds(dollars, "amount"))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void the_largest_amount_is_a_billion_minor_units_of_any_currency() {
    assertThat(Money.ofUnitsAndNanos(EUR, 10_000_000, 0, "amount").minorUnits())
        .isEqualTo(Money.MAX_MINOR_UNITS);
    assertThat(Money.ofUnitsAndNanos(JPY, 1_000_000_000, 0, "amount").minorUnits())
        .isEqualTo(Money.MAX_MINOR_UNITS);
    assertThatThrownBy(() -> Money.ofUnitsAndNanos(EUR, 10_000_000, 10_000_000, "line.unit_price"))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("AMOUNT_OUT_OF_RANGE");
              assertThat(e.violations().getFirst().field()).isEqualTo("line.unit_price");
              assertThat(e.violations().getFirst().description())
                  .isEqualTo(
                      "must be between -10000000.00 and 10000000.00 EUR (at most 1000000000 "
                          + "minor units)");
            });
    assertThatThrownBy(() -> Money.ofDecimal(JPY, new BigDecimal("1000000001"), "amount"))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void a_product_beyond_the_largest_amount_is_refused_where_it_is_computed() {
    Money price = Money.ofMinor(EUR, 1_000_000);

    assertThat(price.times(new Quantity(1_000_000), "unit_price").minorUnits())
        .isEqualTo(Money.MAX_MINOR_UNITS);
    assertThatThrownBy(() -> price.times(new Quantity(1_000_001), "lines[0].unit_price"))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.reason()).isEqualTo("AMOUNT_OUT_OF_RANGE"));
  }

  @Test
  void balances_of_the_most_invoices_the_contract_can_count_at_the_largest_amount_fit() {
    long mostOpenInvoices = Integer.MAX_VALUE;

    assertThat(Math.multiplyHigh(mostOpenInvoices, Money.MAX_MINOR_UNITS)).isZero();
    assertThat(mostOpenInvoices * Money.MAX_MINOR_UNITS).isPositive().isLessThan(Long.MAX_VALUE);
  }

  @Test
  void overflow_is_an_error_never_a_wrap_around() {
    Money huge = Money.ofMinor(EUR, Long.MAX_VALUE);

    assertThatThrownBy(() -> huge.plus(Money.ofMinor(EUR, 1), "amount"))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.reason()).isEqualTo("AMOUNT_OUT_OF_RANGE"));
    assertThatThrownBy(() -> Money.ofUnitsAndNanos(EUR, Long.MAX_VALUE / 10, 0, "amount"))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.reason()).isEqualTo("AMOUNT_OUT_OF_RANGE"));
  }

  @ParameterizedTest(name = "{0} × {1} = {2} (half-even)")
  @CsvSource({
    // exact ties go to the even minor unit
    "0.05, 0.5, 0.02",
    "0.15, 0.5, 0.08",
    "0.25, 0.5, 0.12",
    "0.35, 0.5, 0.18",
    // not a tie: ordinary rounding
    "0.33, 0.333, 0.11",
    "19.99, 3, 59.97",
    "1.50, 42, 63.00"
  })
  void a_price_times_a_quantity_rounds_half_even_to_the_cent(
      String price, String quantity, String expected) {
    Money unitPrice = Money.ofDecimal(EUR, new BigDecimal(price), "price");

    Money amount = unitPrice.times(Quantity.parse(quantity, "quantity"), "price");

    assertThat(amount).isEqualTo(Money.ofDecimal(EUR, new BigDecimal(expected), "expected"));
  }

  @Test
  void rounds_half_even_in_currencies_without_and_with_three_decimals() {
    // JPY: ¥5 × 0.5 = ¥2.5 → ¥2; ¥7 × 0.5 = ¥3.5 → ¥4
    assertThat(Money.ofMinor(JPY, 5).times(Quantity.parse("0.5", "q"), "p"))
        .isEqualTo(Money.ofMinor(JPY, 2));
    assertThat(Money.ofMinor(JPY, 7).times(Quantity.parse("0.5", "q"), "p"))
        .isEqualTo(Money.ofMinor(JPY, 4));
    // KWD: 0.001 × 0.5 = 0.0005 → 0.000; 0.003 × 0.5 = 0.0015 → 0.002
    assertThat(Money.ofMinor(KWD, 1).times(Quantity.parse("0.5", "q"), "p"))
        .isEqualTo(Money.ofMinor(KWD, 0));
    assertThat(Money.ofMinor(KWD, 3).times(Quantity.parse("0.5", "q"), "p"))
        .isEqualTo(Money.ofMinor(KWD, 2));
  }

  @Test
  void decimal_amounts_are_exact_and_refuse_more_decimals_than_the_currency_has() {
    assertThat(Money.ofDecimal(KWD, new BigDecimal("1.250"), "a").minorUnits()).isEqualTo(1250);
    assertThat(Money.ofDecimal(EUR, new BigDecimal("1.2000"), "a").minorUnits()).isEqualTo(120);
    assertThatThrownBy(() -> Money.ofDecimal(EUR, new BigDecimal("1.005"), "a"))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.reason()).isEqualTo("PRECISION_EXCEEDS_CURRENCY"));
  }

  @Test
  void prints_the_currency_and_the_exact_decimal_amount() {
    assertThat(Money.ofMinor(EUR, 1234)).hasToString("EUR 12.34");
    assertThat(Money.ofMinor(JPY, 500)).hasToString("JPY 500");
    assertThat(Money.ofMinor(KWD, -125)).hasToString("KWD -0.125");
  }
}
