package dev.fieldops.invoicing.domain.money;

import dev.fieldops.kernel.InvalidInputException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * An exact amount: a whole number of {@link CurrencyCode minor units} of one currency. Arithmetic
 * refuses to mix currencies (reason {@code CURRENCY_MISMATCH}, naming the field the caller passes),
 * and overflow is an error, never a wrap-around. Conversions to and from the {@code (units, nanos)}
 * pair of {@code google.type.Money} are here, in plain Java, so the gRPC adapter only copies fields
 * and cannot get the precision rules wrong.
 */
public record Money(CurrencyCode currency, long minorUnits) {

  /**
   * The largest amount FieldOps accepts or computes for one price, line, charge, payment or invoice
   * total: one billion minor units of its currency (EUR 10,000,000.00, JPY 1,000,000,000, KWD
   * 1,000,000.000). Chosen so that every sum the system forms fits a {@code long} exactly: an
   * invoice's at most 500 lines and their tax (at most 100 %) stay below 10^12, and a customer's
   * balance adds up its open invoices, fewer than 2^31 (the contract counts them in an int32), so
   * below 2^31 × 10^9 < 2^63. Anything larger is refused ({@code AMOUNT_OUT_OF_RANGE}, or {@code
   * INVOICE_TOTAL_TOO_LARGE} for a draft's total) instead of overflowing later in a sum.
   */
  public static final long MAX_MINOR_UNITS = 1_000_000_000L;

  private static final int NANO_DIGITS = 9;
  private static final int MAX_NANOS = 999_999_999;

  public Money {
    Objects.requireNonNull(currency, "currency");
  }

  public static Money zero(CurrencyCode currency) {
    return new Money(currency, 0);
  }

  public static Money ofMinor(CurrencyCode currency, long minorUnits) {
    return new Money(currency, minorUnits);
  }

  /** Shorthand for configuration and tests: {@code Money.ofMinor("EUR", 1999)} is EUR 19.99. */
  public static Money ofMinor(String currencyCode, long minorUnits) {
    return new Money(CurrencyCode.of(currencyCode), minorUnits);
  }

  /**
   * Reads {@code google.type.Money}'s representation. {@code units} and {@code nanos} must carry
   * the same sign, {@code |nanos| < 10^9}, and the nanos must not be finer than the currency's
   * minor unit (EUR 1.005 is refused with {@code PRECISION_EXCEEDS_CURRENCY} rather than rounded:
   * silently rounding money someone typed is never right).
   */
  public static Money ofUnitsAndNanos(CurrencyCode currency, long units, int nanos, String field) {
    if (nanos < -MAX_NANOS || nanos > MAX_NANOS) {
      throw InvalidInputException.of(
          "INVALID_MONEY", field + ".nanos", "must be between -999999999 and 999999999");
    }
    if ((units > 0 && nanos < 0) || (units < 0 && nanos > 0)) {
      throw InvalidInputException.of(
          "INVALID_MONEY", field, "units and nanos must have the same sign");
    }
    long nanosPerMinor = CurrencyCode.TEN_POWERS[NANO_DIGITS - currency.minorUnitDigits()];
    if (nanos % nanosPerMinor != 0) {
      throw InvalidInputException.of(
          "PRECISION_EXCEEDS_CURRENCY",
          field,
          currency
              + " has "
              + currency.minorUnitDigits()
              + " decimal places; a smaller fraction cannot be billed");
    }
    try {
      long minor =
          Math.addExact(
              Math.multiplyExact(units, currency.minorUnitsPerUnit()), nanos / nanosPerMinor);
      return new Money(currency, minor).requireWithinLimit(field);
    } catch (ArithmeticException overflow) {
      throw outOfRange(currency, field);
    }
  }

  /** As {@link #ofUnitsAndNanos(CurrencyCode, long, int, String)}, also validating the code. */
  public static Money ofUnitsAndNanos(String currencyCode, long units, int nanos, String field) {
    return ofUnitsAndNanos(
        CurrencyCode.of(currencyCode, field + ".currency_code"), units, nanos, field);
  }

  /** An exact decimal amount ({@code 12.50}); more decimals than the currency has are refused. */
  public static Money ofDecimal(CurrencyCode currency, BigDecimal amount, String field) {
    Objects.requireNonNull(amount, "amount");
    BigDecimal minor = amount.movePointRight(currency.minorUnitDigits());
    if (minor.stripTrailingZeros().scale() > 0) {
      throw InvalidInputException.of(
          "PRECISION_EXCEEDS_CURRENCY",
          field,
          currency + " has " + currency.minorUnitDigits() + " decimal places");
    }
    try {
      return new Money(currency, minor.longValueExact()).requireWithinLimit(field);
    } catch (ArithmeticException overflow) {
      throw outOfRange(currency, field);
    }
  }

  /** Whole major units, truncated toward zero, as {@code google.type.Money.units}. */
  public long units() {
    return minorUnits / currency.minorUnitsPerUnit();
  }

  /**
   * The fraction in billionths, same sign as {@link #units()}, as {@code google.type.Money.nanos}.
   */
  public int nanos() {
    long remainder = minorUnits % currency.minorUnitsPerUnit();
    return (int) (remainder * CurrencyCode.TEN_POWERS[NANO_DIGITS - currency.minorUnitDigits()]);
  }

  /** The amount as an exact decimal in major units, scale = the currency's digits. */
  public BigDecimal toDecimal() {
    return BigDecimal.valueOf(minorUnits, currency.minorUnitDigits());
  }

  public Money plus(Money other, String field) {
    requireSameCurrency(other, field);
    try {
      return new Money(currency, Math.addExact(minorUnits, other.minorUnits));
    } catch (ArithmeticException overflow) {
      throw outOfRange(currency, field);
    }
  }

  public Money minus(Money other, String field) {
    requireSameCurrency(other, field);
    try {
      return new Money(currency, Math.subtractExact(minorUnits, other.minorUnits));
    } catch (ArithmeticException overflow) {
      throw outOfRange(currency, field);
    }
  }

  /**
   * {@code this × quantity}, rounded half-even to the minor unit: the one rounding of a line
   * amount. A product beyond {@link #MAX_MINOR_UNITS} is refused ({@code AMOUNT_OUT_OF_RANGE} at
   * {@code field}). EUR 0.05 × 0.5 = 0.025 → 0.02; EUR 0.15 × 0.5 = 0.075 → 0.08.
   */
  public Money times(Quantity quantity, String field) {
    BigDecimal exact =
        BigDecimal.valueOf(minorUnits)
            .multiply(BigDecimal.valueOf(quantity.thousandths(), Quantity.MAX_FRACTION_DIGITS));
    try {
      return new Money(currency, exact.setScale(0, RoundingMode.HALF_EVEN).longValueExact())
          .requireWithinLimit(field);
    } catch (ArithmeticException overflow) {
      throw outOfRange(currency, field);
    }
  }

  /**
   * {@code this × numerator / denominator}, rounded half-even to the minor unit. Used for a tax
   * rate in basis points ({@code numerator = bps, denominator = 10 000}).
   */
  public Money timesFraction(long numerator, long denominator) {
    if (denominator <= 0) {
      throw new IllegalArgumentException("denominator must be positive");
    }
    BigDecimal exact =
        BigDecimal.valueOf(minorUnits)
            .multiply(BigDecimal.valueOf(numerator))
            .divide(BigDecimal.valueOf(denominator), 0, RoundingMode.HALF_EVEN);
    return new Money(currency, exact.longValueExact());
  }

  /** Whether this amount is within ±{@link #MAX_MINOR_UNITS}. */
  public boolean isWithinLimit() {
    return Math.abs(minorUnits) <= MAX_MINOR_UNITS;
  }

  /**
   * Refuses this amount ({@code AMOUNT_OUT_OF_RANGE} at {@code field}) when it is beyond ±{@link
   * #MAX_MINOR_UNITS}.
   */
  public Money requireWithinLimit(String field) {
    if (!isWithinLimit()) {
      throw outOfRange(currency, field);
    }
    return this;
  }

  /** The largest amount in {@code currency} ({@code EUR 10000000.00}). */
  public static Money max(CurrencyCode currency) {
    return new Money(currency, MAX_MINOR_UNITS);
  }

  public boolean isZero() {
    return minorUnits == 0;
  }

  public boolean isPositive() {
    return minorUnits > 0;
  }

  public boolean isNegative() {
    return minorUnits < 0;
  }

  /** Whether this is more than {@code other}; both must be in the same currency. */
  public boolean exceeds(Money other, String field) {
    requireSameCurrency(other, field);
    return minorUnits > other.minorUnits;
  }

  /**
   * Refuses {@code other} (the input {@code field} names) unless it is in this amount's currency.
   */
  public void requireSameCurrency(Money other, String field) {
    other.requireCurrency(currency, field);
  }

  /**
   * Refuses this amount unless it is in {@code expected}; {@code field} names the offending input.
   */
  public Money requireCurrency(CurrencyCode expected, String field) {
    if (!currency.equals(expected)) {
      throw InvalidInputException.of(
          "CURRENCY_MISMATCH", field, "must be in " + expected + ", not " + currency);
    }
    return this;
  }

  /** {@code EUR 12.34}, {@code JPY 500}, {@code KWD -0.125}. */
  @Override
  public String toString() {
    return currency + " " + toDecimal().toPlainString();
  }

  private static InvalidInputException outOfRange(CurrencyCode currency, String field) {
    return InvalidInputException.of(
        "AMOUNT_OUT_OF_RANGE",
        field,
        "must be between -"
            + max(currency).toDecimal().toPlainString()
            + " and "
            + max(currency).toDecimal().toPlainString()
            + " "
            + currency
            + " (at most "
            + MAX_MINOR_UNITS
            + " minor units)");
  }
}
