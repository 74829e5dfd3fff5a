package dev.fieldops.invoicing.domain.invoice;

import dev.fieldops.kernel.InvalidInputException;
import java.util.Objects;
import java.util.UUID;

/**
 * One line of one invoice. A line drafted from an unbilled charge has the charge's id as its line
 * id, which is how removing the line finds the charge to release.
 */
public record LineId(UUID value) {

  public LineId {
    Objects.requireNonNull(value, "value");
  }

  /** Parses an id from input, naming {@code field} when it is not a UUID. */
  public static LineId parse(String text, String field) {
    try {
      if (text != null && text.length() == 36) {
        return new LineId(UUID.fromString(text));
      }
    } catch (IllegalArgumentException malformed) {
      // reported below, with the field
    }
    throw InvalidInputException.of("INVALID_ID", field, "must be a UUID");
  }

  public static LineId parse(String text) {
    return parse(text, "line_id");
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
