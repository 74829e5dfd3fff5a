package dev.fieldops.invoicing.domain.money;

import dev.fieldops.kernel.InvalidInputException;
import java.util.Currency;
import java.util.Objects;

/**
 * An ISO 4217 currency with a defined minor unit (JPY 0 digits, EUR and USD 2, BHD, KWD and JOD 3).
 * The digits come from {@link java.util.Currency}, so every part of the service agrees on them;
 * pseudo-currencies without a minor unit (XAU, XXX) are refused because an amount in them cannot be
 * held as whole minor units.
 */
public record CurrencyCode(String code) {

  /** Digits beyond this cannot be carried by {@code google.type.Money}'s nanos. */
  private static final int MAX_DIGITS = 9;

  public CurrencyCode {
    Objects.requireNonNull(code, "code");
    if (digitsOf(code) < 0) {
      throw new IllegalArgumentException("not an ISO 4217 currency with a minor unit: " + code);
    }
  }

  /** Parses a code from input, naming {@code field} when it is not a usable currency. */
  public static CurrencyCode of(String code, String field) {
    if (code == null || digitsOf(code) < 0) {
      throw InvalidInputException.of(
          "UNSUPPORTED_CURRENCY",
          field,
          "must be an ISO 4217 currency code with a minor unit, such as EUR, JPY or KWD");
    }
    return new CurrencyCode(code);
  }

  /** Parses a code that is known to be valid (configuration defaults, tests). */
  public static CurrencyCode of(String code) {
    return of(code, "currency_code");
  }

  /** How many decimal digits the minor unit has: 0 for JPY, 2 for EUR, 3 for KWD. */
  public int minorUnitDigits() {
    return Currency.getInstance(code).getDefaultFractionDigits();
  }

  /** Minor units per major unit: 1, 100 or 1000. */
  public long minorUnitsPerUnit() {
    return TEN_POWERS[minorUnitDigits()];
  }

  @Override
  public String toString() {
    return code;
  }

  static final long[] TEN_POWERS = {
    1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L
  };

  private static int digitsOf(String code) {
    if (!isThreeCapitals(code)) {
      return -1;
    }
    try {
      int digits = Currency.getInstance(code).getDefaultFractionDigits();
      return digits <= MAX_DIGITS ? digits : -1;
    } catch (IllegalArgumentException unknown) {
      return -1;
    }
  }

  // [A-Z]{3} without a regular expression: every invoice read makes a code, and String.matches
  // compiled its pattern each time (a tenth of loading an invoice for a change).
  private static boolean isThreeCapitals(String code) {
    if (code.length() != 3) {
      return false;
    }
    for (int i = 0; i < 3; i++) {
      char c = code.charAt(i);
      if (c < 'A' || c > 'Z') {
        return false;
      }
    }
    return true;
  }
}
