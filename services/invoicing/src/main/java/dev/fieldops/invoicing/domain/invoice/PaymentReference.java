package dev.fieldops.invoicing.domain.invoice;

import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.Text;
import java.util.Objects;

/**
 * The payer's or the bank's reference for a payment (a transfer id, a cheque number). Unique per
 * invoice, so recording the same bank transfer twice is refused; the database keeps it unique
 * across all invoices as well.
 */
public record PaymentReference(String value) {

  public static final int MAX_LENGTH = 140;

  public PaymentReference {
    Objects.requireNonNull(value, "value");
    if (!acceptable(value)) {
      throw new IllegalArgumentException("not a payment reference: " + value);
    }
  }

  /** A reference from input, naming {@code field} when it is not acceptable. */
  public static PaymentReference of(String value, String field) {
    if (value == null || !acceptable(value)) {
      throw InvalidInputException.of(
          "INVALID_PAYMENT_REFERENCE",
          field,
          "must be 1-" + MAX_LENGTH + " printable characters, not blank");
    }
    return new PaymentReference(value);
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
