package dev.fieldops.support.domain.ticket;

import dev.fieldops.kernel.InvalidInputException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The telemetry device a ticket concerns. Support does not own devices: the id is stored as the
 * caller gave it (telemetry issues UUIDs) and is not checked against telemetry.
 */
public record DeviceId(String value) {

  private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public DeviceId {
    Objects.requireNonNull(value, "value");
    if (!FORMAT.matcher(value).matches()) {
      throw InvalidInputException.of(
          "INVALID_DEVICE_ID", "device_id", "must be 1-64 characters of A-Z, a-z, 0-9, _ and -");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
