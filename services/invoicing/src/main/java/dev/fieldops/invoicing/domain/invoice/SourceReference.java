package dev.fieldops.invoicing.domain.invoice;

import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.Text;
import java.util.Objects;

/**
 * What caused an amount to be billed, in the words of the context that caused it ({@code
 * support.ticket/7f3c.../resolution}, {@code telemetry.device/d-17/2026-03}). On an unbilled charge
 * it is unique, which makes recording a charge idempotent; on an invoice line it is informational.
 */
public record SourceReference(String value) {

  public static final int MAX_LENGTH = 200;

  public SourceReference {
    Objects.requireNonNull(value, "value");
    if (!acceptable(value)) {
      throw new IllegalArgumentException("not a source reference: " + value);
    }
  }

  /** A reference from input, naming {@code field} when it is not acceptable. */
  public static SourceReference of(String value, String field) {
    if (value == null || !acceptable(value)) {
      throw InvalidInputException.of(
          "INVALID_SOURCE_REFERENCE",
          field,
          "must be 1-" + MAX_LENGTH + " printable characters, not blank");
    }
    return new SourceReference(value);
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
