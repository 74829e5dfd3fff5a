package dev.fieldops.support.domain.customer;

import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.OpaqueId;
import java.util.Objects;

/**
 * A customer's opaque id, issued outside FieldOps and shared by every context: 1 to 64 characters
 * of {@code [A-Za-z0-9_-]}.
 */
public record CustomerId(String value) {

  public CustomerId {
    Objects.requireNonNull(value, "value");
    if (!OpaqueId.isWellFormed(value)) {
      throw InvalidInputException.of("INVALID_CUSTOMER_ID", "customer_id", OpaqueId.RULE);
    }
  }

  public static CustomerId of(String value) {
    return new CustomerId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
