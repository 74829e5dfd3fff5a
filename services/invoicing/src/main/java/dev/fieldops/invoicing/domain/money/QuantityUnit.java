package dev.fieldops.invoicing.domain.money;

import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.Text;
import java.util.Objects;

/**
 * What a {@link Quantity} counts, as printed next to it on the invoice: "minute", "device-month",
 * "h", "km". Free text (1-{@value #MAX_LENGTH} characters, not blank, no control characters),
 * because billing counts whatever an operator sells; it never changes an amount, which is always
 * quantity × unit price. The kinds of charge invoicing records by itself have fixed units ({@link
 * #MINUTE}, {@link #DEVICE_MONTH}).
 */
public record QuantityUnit(String value) {

  /** Characters (code points, as the contract counts them) a unit may have. */
  public static final int MAX_LENGTH = 32;

  /** Support work, priced per minute. */
  public static final QuantityUnit MINUTE = new QuantityUnit("minute");

  /** Monitoring of one device for one calendar month. */
  public static final QuantityUnit DEVICE_MONTH = new QuantityUnit("device-month");

  public QuantityUnit {
    Objects.requireNonNull(value, "value");
    if (!acceptable(value)) {
      throw new IllegalArgumentException("not a unit: " + value);
    }
  }

  /** A unit from input, naming {@code field} when it is not acceptable. */
  public static QuantityUnit of(String value, String field) {
    if (value == null || !acceptable(value)) {
      throw InvalidInputException.of(
          "INVALID_UNIT",
          field,
          "must be 1-" + MAX_LENGTH + " characters, not blank, without control characters");
    }
    return new QuantityUnit(value);
  }

  private static boolean acceptable(String value) {
    return !value.isBlank()
        && Text.atMost(value, MAX_LENGTH)
        && value.chars().noneMatch(Character::isISOControl);
  }

  @Override
  public String toString() {
    return value;
  }
}
