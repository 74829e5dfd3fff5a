package dev.fieldops.telemetry.domain.shared;

import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.OpaqueId;
import java.util.Objects;
import java.util.Optional;

/**
 * A customer as every FieldOps context knows it: an opaque id issued outside FieldOps, 1-64
 * characters of {@code [A-Za-z0-9_-]}.
 */
public record CustomerId(String value) implements Comparable<CustomerId> {

  public CustomerId {
    Objects.requireNonNull(value, "value");
    if (!OpaqueId.isWellFormed(value)) {
      throw InvalidInputException.of("INVALID_CUSTOMER_ID", "customer_id", OpaqueId.RULE);
    }
  }

  /** Parses a customer id that arrived in the given request field. */
  public static CustomerId parse(String value, String field) {
    if (!OpaqueId.isWellFormed(value)) {
      throw InvalidInputException.of("INVALID_CUSTOMER_ID", field, OpaqueId.RULE);
    }
    return new CustomerId(value);
  }

  /** The customer id, or empty when the text is not one (e.g. from a malformed token). */
  public static Optional<CustomerId> tryParse(String value) {
    return OpaqueId.isWellFormed(value) ? Optional.of(new CustomerId(value)) : Optional.empty();
  }

  @Override
  public int compareTo(CustomerId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
