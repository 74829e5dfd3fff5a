package dev.fieldops.invoicing.domain.invoice;

import dev.fieldops.kernel.InvalidInputException;
import java.util.Objects;
import java.util.UUID;

/**
 * One payment recorded against an invoice (a UUIDv7: payments list in the order they were
 * recorded).
 */
public record PaymentId(UUID value) {

  public PaymentId {
    Objects.requireNonNull(value, "value");
  }

  /** Parses an id from input, naming {@code field} when it is not a UUID. */
  public static PaymentId parse(String text, String field) {
    try {
      if (text != null && text.length() == 36) {
        return new PaymentId(UUID.fromString(text));
      }
    } catch (IllegalArgumentException malformed) {
      // reported below, with the field
    }
    throw InvalidInputException.of("INVALID_ID", field, "must be a UUID");
  }

  public static PaymentId parse(String text) {
    return parse(text, "payment_id");
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
