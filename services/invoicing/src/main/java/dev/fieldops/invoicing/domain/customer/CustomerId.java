package dev.fieldops.invoicing.domain.customer;

import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.OpaqueId;
import java.util.Objects;

/** A customer as every FieldOps context knows it: an opaque id of 1-64 {@code [A-Za-z0-9_-]}. */
public record CustomerId(String value) {

  public CustomerId {
    Objects.requireNonNull(value, "value");
    if (!OpaqueId.isWellFormed(value)) {
      throw new IllegalArgumentException("not a customer id: " + value);
    }
  }

  /** Parses a customer id from input, naming {@code field} when it is malformed. */
  public static CustomerId of(String value, String field) {
    if (!OpaqueId.isWellFormed(value)) {
      throw InvalidInputException.of("INVALID_CUSTOMER_ID", field, OpaqueId.RULE);
    }
    return new CustomerId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
