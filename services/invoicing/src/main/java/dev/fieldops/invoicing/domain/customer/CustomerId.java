package dev.fieldops.invoicing.domain.customer;

import dev.fieldops.kernel.InvalidInputException;
import java.util.Objects;
import java.util.regex.Pattern;

/** A customer as every FieldOps context knows it: an opaque id of 1-64 {@code [A-Za-z0-9_-]}. */
public record CustomerId(String value) {

  private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public CustomerId {
    Objects.requireNonNull(value, "value");
    if (!FORMAT.matcher(value).matches()) {
      throw new IllegalArgumentException("not a customer id: " + value);
    }
  }

  /** Parses a customer id from input, naming {@code field} when it is malformed. */
  public static CustomerId of(String value, String field) {
    if (value == null || !FORMAT.matcher(value).matches()) {
      throw InvalidInputException.of(
          "INVALID_CUSTOMER_ID", field, "must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'");
    }
    return new CustomerId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
