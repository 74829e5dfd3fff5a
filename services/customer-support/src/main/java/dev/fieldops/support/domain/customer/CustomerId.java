package dev.fieldops.support.domain.customer;

import dev.fieldops.kernel.InvalidInputException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A customer's opaque id, issued outside FieldOps and shared by every context: 1 to 64 characters
 * of {@code [A-Za-z0-9_-]}.
 */
public record CustomerId(String value) {

  private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public CustomerId {
    Objects.requireNonNull(value, "value");
    if (!FORMAT.matcher(value).matches()) {
      throw InvalidInputException.of(
          "INVALID_CUSTOMER_ID",
          "customer_id",
          "must be 1-64 characters of A-Z, a-z, 0-9, _ and -");
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
