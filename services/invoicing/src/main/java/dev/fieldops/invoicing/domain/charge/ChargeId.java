package dev.fieldops.invoicing.domain.charge;

import dev.fieldops.invoicing.domain.invoice.LineId;
import dev.fieldops.kernel.InvalidInputException;
import java.util.Objects;
import java.util.UUID;

/** An unbilled charge's server-assigned identity (UUIDv7). */
public record ChargeId(UUID value) {

  public ChargeId {
    Objects.requireNonNull(value, "value");
  }

  /** Parses an id from input, naming {@code field} when it is not a UUID. */
  public static ChargeId parse(String text, String field) {
    try {
      if (text != null && text.length() == 36) {
        return new ChargeId(UUID.fromString(text));
      }
    } catch (IllegalArgumentException malformed) {
      // reported below, with the field
    }
    throw InvalidInputException.of("INVALID_ID", field, "must be a UUID");
  }

  /** The id of the invoice line that bills this charge: the same UUID. */
  public LineId asLineId() {
    return new LineId(value);
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
