package dev.fieldops.invoicing.domain.invoice;

import dev.fieldops.kernel.InvalidInputException;
import java.util.Objects;
import java.util.UUID;

/** An invoice's server-assigned identity (a UUIDv7, so ids sort by creation time). */
public record InvoiceId(UUID value) {

  public InvoiceId {
    Objects.requireNonNull(value, "value");
  }

  /** Parses an id from input, naming {@code field} when it is not a UUID. */
  public static InvoiceId parse(String text, String field) {
    try {
      if (text != null && text.length() == 36) {
        return new InvoiceId(UUID.fromString(text));
      }
    } catch (IllegalArgumentException malformed) {
      // reported below, with the field
    }
    throw InvalidInputException.of("INVALID_ID", field, "must be a UUID");
  }

  public static InvoiceId parse(String text) {
    return parse(text, "invoice_id");
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
