package dev.fieldops.invoicing.domain.money;

import dev.fieldops.kernel.InvalidInputException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How many of something is billed: positive, with at most three decimal places (1.5 hours, 0.25 of
 * a device-month, 42 minutes), held exactly as thousandths. Three places are enough for every unit
 * we bill and keep {@code quantity × unit price} exact before the single half-even rounding of the
 * line.
 */
public record Quantity(long thousandths) implements Comparable<Quantity> {

  /** The largest quantity one line may carry: a billion units. */
  public static final long MAX_THOUSANDTHS = 1_000_000_000_000L;

  public static final int MAX_FRACTION_DIGITS = 3;

  public Quantity {
    if (thousandths <= 0 || thousandths > MAX_THOUSANDTHS) {
      throw new IllegalArgumentException("quantity out of range: " + thousandths + " thousandths");
    }
  }

  /** A whole quantity (3 devices, 45 minutes). */
  public static Quantity ofWhole(long units) {
    return new Quantity(Math.multiplyExact(units, 1000L));
  }

  /** A decimal quantity from input; {@code field} names it when it is not acceptable. */
  public static Quantity of(BigDecimal value, String field) {
    if (value == null || value.signum() <= 0) {
      throw InvalidInputException.of("INVALID_QUANTITY", field, "must be greater than zero");
    }
    BigDecimal stripped = value.stripTrailingZeros();
    if (stripped.scale() > MAX_FRACTION_DIGITS) {
      throw InvalidInputException.of(
          "INVALID_QUANTITY", field, "may have at most " + MAX_FRACTION_DIGITS + " decimal places");
    }
    BigDecimal thousandths = stripped.movePointRight(MAX_FRACTION_DIGITS);
    if (thousandths.compareTo(BigDecimal.valueOf(MAX_THOUSANDTHS)) > 0) {
      throw InvalidInputException.of(
          "INVALID_QUANTITY", field, "may be at most " + (MAX_THOUSANDTHS / 1000));
    }
    return new Quantity(thousandths.longValueExact());
  }

  /** A decimal quantity written as text ("1.5", "42"), as the wire carries it. */
  public static Quantity parse(String text, String field) {
    if (text == null || !text.matches("[0-9]{1,13}(\\.[0-9]{1,20})?")) {
      throw InvalidInputException.of(
          "INVALID_QUANTITY", field, "must be a positive decimal number such as 1.5");
    }
    return of(new BigDecimal(text), field);
  }

  /** The quantity as an exact decimal without trailing zeros ({@code 1.5}, {@code 42}). */
  public BigDecimal toBigDecimal() {
    BigDecimal value = BigDecimal.valueOf(thousandths, MAX_FRACTION_DIGITS).stripTrailingZeros();
    return value.scale() < 0 ? value.setScale(0, RoundingMode.UNNECESSARY) : value;
  }

  @Override
  public int compareTo(Quantity other) {
    return Long.compare(thousandths, other.thousandths);
  }

  /** Plain decimal text, the form {@link #parse} reads. */
  @Override
  public String toString() {
    return toBigDecimal().toPlainString();
  }
}
