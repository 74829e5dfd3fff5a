package dev.fieldops.support.domain.ticket;

import dev.fieldops.kernel.InvalidInputException;
import java.util.Objects;
import java.util.regex.Pattern;

/** The telemetry alert that opened a ticket automatically. Owned by telemetry, stored as given. */
public record AlertId(String value) {

  private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public AlertId {
    Objects.requireNonNull(value, "value");
    if (!FORMAT.matcher(value).matches()) {
      throw InvalidInputException.of(
          "INVALID_ALERT_ID", "alert_id", "must be 1-64 characters of A-Z, a-z, 0-9, _ and -");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
